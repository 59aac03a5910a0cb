using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Expressions
{
    /// <summary>
    /// The semantics of an elementwise op as a small expression over its inputs and attributes, e.g.
    /// HardSigmoid is <c>Max(0, Min(1, alpha * X + beta))</c>. Built with C# operators in the op file; bound to
    /// element types and attribute values per node (<see cref="BoundExpr"/>), it serves build-time evaluation,
    /// the CPU loop, the GPU kernel and fusion alike. Immutable.
    /// </summary>
    internal abstract class ScalarExpr
    {
        /// <summary>Input <paramref name="index"/> of the op, printed as <paramref name="name"/>.</summary>
        public static ScalarExpr Arg(int index, string name) => new ArgExpr(index, name);

        /// <summary>A numeric literal; it takes the element type of the operand it meets.</summary>
        public static ScalarExpr Const(double value) => new ConstExpr(value);

        /// <summary>The value of a float or int attribute of the node.</summary>
        public static ScalarExpr Of(AttributeSpec attribute) => new AttrExpr(attribute);

        public static implicit operator ScalarExpr(double value) => Const(value);

        public static ScalarExpr operator +(ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Add, a, b);
        public static ScalarExpr operator -(ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Sub, a, b);
        public static ScalarExpr operator *(ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Mul, a, b);
        public static ScalarExpr operator /(ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Div, a, b);
        public static ScalarExpr operator -(ScalarExpr a) => Call(ScalarFn.Neg, a);

        public static ScalarExpr Call(ScalarFn fn, params ScalarExpr[] args) => new CallExpr(fn, args);

        public static ScalarExpr Max(ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Max, a, b);
        public static ScalarExpr Min(ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Min, a, b);
        public static ScalarExpr Select(ScalarExpr c, ScalarExpr a, ScalarExpr b) => Call(ScalarFn.Select, c, a, b);

        /// <summary>Readable text with the argument names: "max(0, min(1, alpha*X + beta))".</summary>
        public override string ToString() => Print(-1);

        internal abstract string Print(int parentPrecedence);

        internal abstract IEnumerable<AttributeSpec> AttributesUsed { get; }
    }

    internal sealed class ArgExpr : ScalarExpr
    {
        public ArgExpr(int index, string name) { Index = index; Name = name; }
        public int Index { get; }
        public string Name { get; }
        internal override string Print(int parentPrecedence) => Name;
        internal override IEnumerable<AttributeSpec> AttributesUsed => new AttributeSpec[0];
    }

    internal sealed class ConstExpr : ScalarExpr
    {
        public ConstExpr(double value) { Value = value; }
        public double Value { get; }
        internal override string Print(int parentPrecedence) => Value.ToString("R", CultureInfo.InvariantCulture);
        internal override IEnumerable<AttributeSpec> AttributesUsed => new AttributeSpec[0];
    }

    internal sealed class AttrExpr : ScalarExpr
    {
        public AttrExpr(AttributeSpec attribute) { Attribute = attribute; }
        public AttributeSpec Attribute { get; }
        internal override string Print(int parentPrecedence) => Attribute.Name;
        internal override IEnumerable<AttributeSpec> AttributesUsed => new[] { Attribute };
    }

    internal sealed class CallExpr : ScalarExpr
    {
        public CallExpr(ScalarFn fn, ScalarExpr[] args)
        {
            if (args.Length != ScalarFns.Arity(fn)) throw new System.ArgumentException(fn + " takes " + ScalarFns.Arity(fn) + " arguments.");
            Fn = fn;
            Args = args;
        }

        public ScalarFn Fn { get; }
        public IReadOnlyList<ScalarExpr> Args { get; }

        internal override string Print(int parentPrecedence) => ExprText.Call(Fn, Args.Select(a => (System.Func<int, string>)a.Print).ToList(), parentPrecedence);

        internal override IEnumerable<AttributeSpec> AttributesUsed => Args.SelectMany(a => a.AttributesUsed).Distinct();
    }

    /// <summary>Shared printing of calls: infix with minimal parentheses, prefix '-' and '!', function syntax otherwise.</summary>
    internal static class ExprText
    {
        public static string Call(ScalarFn fn, IReadOnlyList<System.Func<int, string>> args, int parentPrecedence)
        {
            string? infix = ScalarFns.Infix(fn);
            if (infix != null)
            {
                int p = ScalarFns.Precedence(fn);
                // Left-associative: the right operand of - and / needs parentheses at equal precedence.
                string text = args[0](p) + (fn == ScalarFn.Mul || fn == ScalarFn.Div ? infix : " " + infix + " ") + args[1](p + 1);
                return p <= parentPrecedence ? "(" + text + ")" : text;
            }
            if (fn == ScalarFn.Neg) return "-" + args[0](6);
            if (fn == ScalarFn.Not) return "!" + args[0](6);
            return ScalarFns.Name(fn) + "(" + string.Join(", ", args.Select(a => a(-1))) + ")";
        }
    }
}
