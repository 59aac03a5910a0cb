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

        private readonly IntArrayPool _ints;

        public EmitContext(Node node, CodeWriter writer, ValueExpressions values, SymbolNames symbols, IntArrayPool ints)
        {
            _ints = ints;
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

        /// <summary>
        /// A ReadOnlySpan&lt;int&gt; argument that allocates nothing in any build configuration: a shared static field
        /// for static values, a stackalloc over the bound dims for symbolic ones.
        /// </summary>
        public string Ints(IEnumerable<Dim> dims)
        {
            var list = dims.ToList();
            if (list.All(d => d.IsStatic)) return _ints.Field(list.Select(d => Literals.Int(d.Value)).ToList());
            return "stackalloc int[] { " + string.Join(", ", list.Select(Dim)) + " }";
        }

        public string Ints(IEnumerable<long> values) => _ints.Field(values.Select(Literals.Int).ToList());

        public string Ints(IEnumerable<int> values) => Ints(values.Select(v => (long)v));

        public void Line(string code) => _writer.Line(code);
    }
}
