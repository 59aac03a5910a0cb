using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Expressions
{
    /// <summary>
    /// A <see cref="ScalarExpr"/> bound to one node: attributes replaced by their values, every sub-expression
    /// typed (literals take the type of the operand they meet). Immutable; equal when the text and the types are
    /// equal (<see cref="Signature"/>), which is what de-duplicates generated code for identical expressions.
    /// </summary>
    internal sealed class BoundExpr : IEquatable<BoundExpr>
    {
        private BoundExpr(ScalarFn? fn, ElementType type, BoundExpr[] args, int argIndex, string argName, double constant, bool roundsToType = false)
        {
            RoundsToType = roundsToType;
            Fn = fn;
            Type = type;
            Args = args;
            ArgIndex = argIndex;
            ArgName = argName;
            Constant = constant;
            Text = fn == null ? (argIndex >= 0 ? argName : ConstantText(type, constant))
                : ExprText.Call(fn.Value, args.Select(a => (Func<int, string>)a.Print).ToList(), -1);
        }

        /// <summary>The function, or null for an argument or a literal.</summary>
        public ScalarFn? Fn { get; }
        /// <summary>The element type of this sub-expression's value.</summary>
        public ElementType Type { get; }
        public IReadOnlyList<BoundExpr> Args { get; }
        /// <summary>The op input index for an argument; -1 otherwise.</summary>
        public int ArgIndex { get; }
        public string ArgName { get; }
        /// <summary>A literal's value (exact for every integer the element types hold up to 2^53, and every float).</summary>
        public double Constant { get; }
        public bool IsArg => Fn == null && ArgIndex >= 0;

        /// <summary>
        /// True where a fused expression holds what was a node's result: a type held narrower than its arithmetic
        /// (float16, bfloat16) is rounded to it here, as the node's own output would have been, so fusing a chain
        /// changes no result. Set by <see cref="Substitute"/>; not part of <see cref="Text"/>.
        /// </summary>
        public bool RoundsToType { get; }
        public bool IsConstant => Fn == null && ArgIndex < 0;

        /// <summary>"max(X, 0)".</summary>
        public string Text { get; }

        /// <summary>Text plus the types of the arguments: identical signatures compute identical functions.</summary>
        public string Signature => Text + " : (" + string.Join(", ", Arguments().Select(a => a.ArgName + ":" + ElementTypes.OnnxName(a.Type))) + ") -> " + ElementTypes.OnnxName(Type);

        /// <summary>The distinct arguments, by input index.</summary>
        public IEnumerable<BoundExpr> Arguments() =>
            Walk().Where(e => e.IsArg).GroupBy(e => e.ArgIndex).Select(g => g.First()).OrderBy(e => e.ArgIndex);

        public IEnumerable<BoundExpr> Walk()
        {
            yield return this;
            foreach (var a in Args)
                foreach (var x in a.Walk()) yield return x;
        }

        private string Print(int parentPrecedence) =>
            Fn == null ? Text : ExprText.Call(Fn.Value, Args.Select(a => (Func<int, string>)a.Print).ToList(), parentPrecedence);

        /// <summary>The number of sub-expressions (this one included): how much a fused loop computes per element.</summary>
        public int Size => Walk().Count();

        // ---- composing (elementwise fusion) ---------------------------------------------------------------

        /// <summary>Argument <paramref name="index"/> of type <paramref name="type"/>, printed as <paramref name="name"/>.</summary>
        public static BoundExpr Argument(int index, string name, ElementType type) => new BoundExpr(null, type, new BoundExpr[0], index, name, 0);

        /// <summary>
        /// This expression with every argument i replaced by <paramref name="argument"/>(i) (of the argument's type);
        /// a replacement that is a computation is marked <see cref="RoundsToType"/>, since it stands for a node's result.
        /// // f(x) with x := g(a, b) -> f(g(a, b))
        /// </summary>
        public BoundExpr Substitute(Func<BoundExpr, BoundExpr> argument)
        {
            if (IsArg)
            {
                var r = argument(this);
                if (r.Type != Type) throw new ArgumentException("Substituting " + ElementTypes.OnnxName(r.Type) + " for the " + ElementTypes.OnnxName(Type) + " argument " + ArgName + ".");
                return r.Fn == null || r.RoundsToType ? r : new BoundExpr(r.Fn, r.Type, r.Args.ToArray(), -1, "", 0, roundsToType: true);
            }
            if (Fn == null) return this;
            return new BoundExpr(Fn, Type, Args.Select(a => a.Substitute(argument)).ToArray(), -1, "", 0, RoundsToType);
        }

        public bool Equals(BoundExpr? other) => other != null && Signature == other.Signature;
        public override bool Equals(object? obj) => Equals(obj as BoundExpr);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Signature);
        public override string ToString() => Text;

        private static string ConstantText(ElementType type, double v) =>
            ElementTypes.IsFloatingPoint(type) ? v.ToString("R", CultureInfo.InvariantCulture) : ((long)v).ToString(CultureInfo.InvariantCulture);

        // ---- literals and retyping (fused epilogues) ----------------------------------------------------------------

        /// <summary>A literal of <paramref name="type"/>.</summary>
        internal static BoundExpr LiteralOf(double value, ElementType type) => Literal(value, type);

        /// <summary>This expression with every sub-expression of type <paramref name="from"/> computed in <paramref name="to"/> instead (float16 in float).</summary>
        internal BoundExpr Retyped(ElementType from, ElementType to)
        {
            var type = Type == from ? to : Type;
            return new BoundExpr(Fn, type, Args.Select(a => a.Retyped(from, to)).ToArray(), ArgIndex, ArgName, Constant);
        }

        // ---- binding ------------------------------------------------------------------------------------

        /// <summary>
        /// Binds <paramref name="expr"/> for inputs of <paramref name="argTypes"/>, reading attribute values through
        /// <paramref name="attribute"/>. Throws <see cref="ArgumentException"/> on a type clash (which the schema's
        /// type constraints rule out for well-formed nodes).
        /// </summary>
        public static BoundExpr Bind(ScalarExpr expr, IReadOnlyList<ElementType> argTypes, Func<AttributeSpec, double> attribute) =>
            Bind(expr, argTypes, attribute, null);

        private static BoundExpr Bind(ScalarExpr expr, IReadOnlyList<ElementType> argTypes, Func<AttributeSpec, double> attribute, ElementType? expected)
        {
            switch (expr)
            {
                case ArgExpr a:
                    return new BoundExpr(null, argTypes[a.Index], new BoundExpr[0], a.Index, a.Name, 0);
                case ConstExpr c:
                    return Literal(c.Value, expected ?? throw new ArgumentException("A literal needs a typed operand beside it."));
                case AttrExpr at:
                    return Literal(attribute(at.Attribute), expected ?? throw new ArgumentException("An attribute needs a typed operand beside it."));
                case CallExpr call:
                    return BindCall(call, argTypes, attribute, expected);
                default:
                    throw new ArgumentException("Unknown expression " + expr);
            }
        }

        private static BoundExpr BindCall(CallExpr call, IReadOnlyList<ElementType> argTypes, Func<AttributeSpec, double> attribute, ElementType? expected)
        {
            var fn = call.Fn;
            if (fn == ScalarFn.Select)
            {
                var cond = Bind(call.Args[0], argTypes, attribute, ElementType.Bool);
                var branches = BindOperands(new[] { call.Args[1], call.Args[2] }, argTypes, attribute, expected);
                return new BoundExpr(fn, branches[0].Type, new[] { cond, branches[0], branches[1] }, -1, "", 0);
            }
            bool logic = ScalarFns.IsLogic(fn);
            bool comparison = ScalarFns.IsComparison(fn) || fn == ScalarFn.IsNaN;
            // Comparisons' operands do not take the result's type; logic ops work on bools.
            ElementType? operandHint = logic ? ElementType.Bool : comparison ? (ElementType?)null : expected;
            var args = BindOperands(call.Args, argTypes, attribute, operandHint);
            var t = args[0].Type;
            if (logic && t != ElementType.Bool) throw new ArgumentException(ScalarFns.Name(fn) + " needs bool operands, not " + ElementTypes.OnnxName(t) + ".");
            if (fn == ScalarFn.IsNaN && !ElementTypes.IsFloatingPoint(t)) throw new ArgumentException("isnan needs a floating-point operand.");
            return new BoundExpr(fn, comparison ? ElementType.Bool : t, args, -1, "", 0);
        }

        /// <summary>Binds operands that must share one type: the typed ones first, then literals take that type.</summary>
        private static BoundExpr[] BindOperands(IReadOnlyList<ScalarExpr> operands, IReadOnlyList<ElementType> argTypes, Func<AttributeSpec, double> attribute, ElementType? expected)
        {
            var bound = new BoundExpr?[operands.Count];
            ElementType? type = null;
            for (int i = 0; i < operands.Count; i++)
            {
                if (IsUntypedLiteral(operands[i])) continue;
                bound[i] = Bind(operands[i], argTypes, attribute, type ?? expected);
                if (type == null) type = bound[i]!.Type;
                else if (bound[i]!.Type != type) throw new ArgumentException("Operands of types " + ElementTypes.OnnxName(type.Value) + " and " + ElementTypes.OnnxName(bound[i]!.Type) + " do not match.");
            }
            for (int i = 0; i < operands.Count; i++)
                if (bound[i] == null) bound[i] = Bind(operands[i], argTypes, attribute, type ?? expected);
            return bound!;
        }

        private static bool IsUntypedLiteral(ScalarExpr e) => e is ConstExpr || e is AttrExpr;

        private static BoundExpr Literal(double value, ElementType type)
        {
            if (!ElementTypes.IsFloatingPoint(type))
            {
                if (type == ElementType.Bool) value = value != 0 ? 1 : 0;
                else value = Math.Truncate(value);
            }
            return new BoundExpr(null, type, new BoundExpr[0], -1, "", value);
        }
    }
}
