using System.Linq;
using System.Globalization;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Lowering
{
    /// <summary>How a kernel uses a buffer.</summary>
    internal enum BufferRole
    {
        /// <summary>Read only.</summary>
        In,
        /// <summary>Written (every element).</summary>
        Out,
    }

    /// <summary>
    /// One argument of a <see cref="KernelCall"/>, named after the kernel parameter it fills. Operands are
    /// backend-neutral: buffers are IR values, sizes are dims, numbers are typed literals. A backend decides
    /// how each becomes an argument (a span, a device view, a field).
    /// </summary>
    internal abstract record Operand(string Name)
    {
        /// <summary>"name: text" as printed in a kernel call.</summary>
        public sealed override string ToString() => Name + ": " + Text;

        protected abstract string Text { get; }
    }

    /// <summary>A tensor the kernel reads or writes.</summary>
    internal sealed record BufferOperand(string Name, Value Value, BufferRole Role) : Operand(Name)
    {
        protected override string Text => (Role == BufferRole.Out ? "out " : "") + IrNames.Value(Value.Name) + ": " + IrPrinter.TypeText(Value);
    }

    /// <summary>An optional buffer the node does not have (Gemm without C, Conv without bias).</summary>
    internal sealed record AbsentOperand(string Name) : Operand(Name)
    {
        protected override string Text => "none";
    }

    /// <summary>Scratch memory <see cref="KernelCall.Scratch"/>[<paramref name="Index"/>], live only during the call.</summary>
    internal sealed record ScratchOperand(string Name, int Index) : Operand(Name)
    {
        protected override string Text => "#" + Index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The model instance's thread budget, for a kernel that can share its work out (Gemm, MatMul, Conv): the budget is
    /// a run-time setting of the instance, so the operand carries nothing; a backend passes what it has (the CPU's
    /// ParallelRange field, or nothing for code that runs once at load).
    /// </summary>
    internal sealed record ThreadsOperand(string Name) : Operand(Name)
    {
        protected override string Text => "budget";
    }

    /// <summary>An int (a size, a count), possibly symbolic.</summary>
    internal sealed record DimOperand(string Name, Dim Value) : Operand(Name)
    {
        protected override string Text => Value.ToString();
    }

    /// <summary>A list of ints (a shape, strides, pads), possibly symbolic.</summary>
    internal sealed record DimsOperand(string Name, ValueList<Dim> Values) : Operand(Name)
    {
        protected override string Text => "[" + string.Join(", ", Values) + "]";
    }

    /// <summary>A number of a given element type (alpha, epsilon, a fill value, a flag as 0/1 for Bool): floats in <paramref name="Float"/>, integers exactly in <paramref name="Int"/>.</summary>
    internal sealed record ScalarOperand(string Name, ElementType Type, double Float, long Int) : Operand(Name)
    {
        protected override string Text =>
            Type == ElementType.Bool ? (Int != 0 ? "true" : "false") :
            ElementTypes.IsFloatingPoint(Type) ? Float.ToString("R", CultureInfo.InvariantCulture) : Int.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The scalar function an elementwise kernel applies.</summary>
    internal sealed record ExprOperand(string Name, BoundExpr Expr) : Operand(Name)
    {
        protected override string Text => "{" + Expr.Text + "}";
    }

    /// <summary>A string constant (a regex pattern, a separator), passed as a C# string literal.</summary>
    internal sealed record TextOperand(string Name, string Value) : Operand(Name)
    {
        protected override string Text => "\"" + Value + "\"";
    }

    /// <summary>A list of string constants (stopwords, label keys), passed as a static string array.</summary>
    internal sealed record TextsOperand(string Name, ValueList<string> Values) : Operand(Name)
    {
        protected override string Text => "[" + string.Join(", ", Values.Select(v => "\"" + v + "\"")) + "]";
    }

    /// <summary>A list of numbers of one element type (lookup keys and values), passed as a static array: floats in <paramref name="Floats"/>, integers exactly in <paramref name="Ints"/>.</summary>
    internal sealed record ValuesOperand(string Name, ElementType Type, ValueList<double> Floats, ValueList<long> Ints) : Operand(Name)
    {
        protected override string Text => ElementTypes.OnnxName(Type) + "[" + string.Join(", ", ElementTypes.IsFloatingPoint(Type) ? Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture)) : Ints.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>Run-time symbols the kernel sets (a NonZero count, dims read from a shape tensor), in order.</summary>
    internal sealed record SymbolsOperand(string Name, ValueList<string> Symbols) : Operand(Name)
    {
        protected override string Text => "out [" + string.Join(", ", Symbols) + "]";
    }

    /// <summary>Scratch a call needs: elements of a type, live only while the call runs.</summary>
    internal sealed record ScratchNeed(ElementType Type, Dim Elements)
    {
        public override string ToString() => ElementTypes.OnnxName(Type) + "[" + Elements + "]";
    }
}
