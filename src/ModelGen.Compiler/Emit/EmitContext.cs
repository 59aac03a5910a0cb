using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// What an op's Emit sees: span expressions for its inputs, outputs and scratch, helpers that
    /// render dims and int lists as C#, and the writer. Kernel calls go through <see cref="Kernel"/>.
    /// </summary>
    internal sealed class EmitContext
    {
        private readonly CodeWriter _writer;
        private readonly ValueExpressions _values;
        private readonly SymbolNames _symbols;

        public EmitContext(Node node, CodeWriter writer, ValueExpressions values, SymbolNames symbols)
        {
            Node = node;
            _writer = writer;
            _values = values;
            _symbols = symbols;
        }

        public Node Node { get; }
        public object? State => Node.OpState;

        /// <summary>The fully qualified name of a runtime kernel class: Kernel("Conv") → "global::ModelGen.Runtime.Kernels.Conv".</summary>
        public static string Kernel(string name) => "global::ModelGen.Runtime.Kernels." + name;

        public string In(int i) => _values.Of(Node.Inputs[i]!);
        public string Out(int i) => _values.Of(Node.Outputs[i]!);
        public bool HasOut(int i) => Node.Output(i) != null;
        public string Scratch => Node.ScratchElements != null ? _values.Scratch(Node) : "default";

        /// <summary>The C# element type of input i ("float").</summary>
        public string T(int i) => ElementTypes.CSharpName(Node.Inputs[i]!.Type)!;
        public string OutT(int i) => ElementTypes.CSharpName(Node.Outputs[i]!.Type)!;
        public Shape InShape(int i) => Node.Inputs[i]!.Shape!;
        public Shape OutShape(int i) => Node.Outputs[i]!.Shape!;

        public string Dim(Dim d) => _symbols.Expression(d);

        /// <summary>A ReadOnlySpan&lt;int&gt; argument: "[1, 3, 224]" (constant data, no allocation) or over symbolic dims.</summary>
        public string Ints(IEnumerable<Dim> dims) => "[" + string.Join(", ", dims.Select(Dim)) + "]";

        public string Ints(IEnumerable<long> values) => "[" + string.Join(", ", values.Select(Literals.Int)) + "]";

        public string Ints(IEnumerable<int> values) => Ints(values.Select(v => (long)v));

        public void Line(string code) => _writer.Line(code);
    }
}
