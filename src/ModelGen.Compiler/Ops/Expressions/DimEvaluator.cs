using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Expressions
{
    /// <summary>
    /// Evaluates a <see cref="BoundExpr"/> over integer elements that are <see cref="Dim"/> expressions (shape
    /// arithmetic with symbolic dims). Only what is provable stays symbolic: x / c when x is non-negative, a
    /// comparison when the difference's sign is proven, a select whose condition is decided. Anything else returns
    /// null, and the node then computes at run time. Dims are treated as exact integers (no wrap-around).
    /// </summary>
    internal static class DimEvaluator
    {
        public static Dim? Evaluate(BoundExpr e, IReadOnlyList<Dim> args)
        {
            if (e.IsArg) return args[e.ArgIndex];
            if (e.IsConstant) return ElementTypes.IsFloatingPoint(e.Type) ? null : Dim.Of((long)e.Constant);
            if (ElementTypes.IsFloatingPoint(e.Type) || (e.Args.Count > 0 && ElementTypes.IsFloatingPoint(e.Args[0].Type))) return null;
            var fn = e.Fn!.Value;
            var a = Evaluate(e.Args[0], args);
            if (a == null) return null;
            if (fn == ScalarFn.Select)
            {
                if (!a.IsStatic) return null;
                return Evaluate(a.Value != 0 ? e.Args[1] : e.Args[2], args);
            }
            if (e.Args.Count == 1)
            {
                switch (fn)
                {
                    case ScalarFn.Neg: return -a;
                    case ScalarFn.Abs: return a.LowerBound >= 0 ? a : a.IsStatic ? Dim.Of(System.Math.Abs(a.Value)) : null;
                    case ScalarFn.Not: return a.IsStatic ? Dim.Of(a.Value == 0 ? 1 : 0) : null;
                    default: return null;
                }
            }
            var b = Evaluate(e.Args[1], args);
            if (b == null) return null;
            if (a.IsStatic && b.IsStatic && !ElementTypes.IsSigned(e.Args[0].Type) && e.Args[0].Type != ElementType.Bool)
                return null; // unsigned static values are the concrete evaluator's job (wrap-around, unsigned order)
            switch (fn)
            {
                case ScalarFn.Add: return a + b;
                case ScalarFn.Sub: return a - b;
                case ScalarFn.Mul: return a * b;
                case ScalarFn.Div: return Divide(a, b);
                case ScalarFn.Max: return Dim.Max(a, b);
                case ScalarFn.Min: return Dim.Min(a, b);
                case ScalarFn.Equal: return Decide(a.Equals(b) ? true : Differs(a, b) ? false : (bool?)null);
                case ScalarFn.Less: return Decide(Order(a, b, strict: true));
                case ScalarFn.Greater: return Decide(Order(b, a, strict: true));
                case ScalarFn.LessOrEqual: return Decide(Order(a, b, strict: false));
                case ScalarFn.GreaterOrEqual: return Decide(Order(b, a, strict: false));
                case ScalarFn.And: return a.IsStatic && b.IsStatic ? Dim.Of((a.Value != 0 && b.Value != 0) ? 1 : 0) : null;
                case ScalarFn.Or: return a.IsStatic && b.IsStatic ? Dim.Of((a.Value != 0 || b.Value != 0) ? 1 : 0) : null;
                case ScalarFn.Xor: return a.IsStatic && b.IsStatic ? Dim.Of(((a.Value != 0) ^ (b.Value != 0)) ? 1 : 0) : null;
                default: return null;
            }
        }

        /// <summary>Truncating division (ONNX's integer Div) where it is provably floor division or exact.</summary>
        private static Dim? Divide(Dim a, Dim b)
        {
            if (b.IsStatic && b.Value == 0) return null;
            if (a.IsStatic && b.IsStatic) return a.Value / b.Value;
            var exact = a.TryDivide(b);
            if (exact != null) return exact;
            if (a.LowerBound >= 0 && b.IsStatic) return b.Value > 0 ? Dim.FloorDiv(a, b) : -Dim.FloorDiv(a, -b);
            if (a.LowerBound >= 0 && b.LowerBound >= 1) return Dim.FloorDiv(a, b);
            return null;
        }

        private static bool Differs(Dim a, Dim b)
        {
            var d = a - b;
            return (d.IsStatic && d.Value != 0) || d.LowerBound >= 1 || (-d).LowerBound >= 1;
        }

        /// <summary>True when a &lt; b (or ≤) is proven, false when its negation is, null otherwise.</summary>
        private static bool? Order(Dim a, Dim b, bool strict)
        {
            var ba = b - a;
            if (strict ? ba.LowerBound >= 1 : ba.LowerBound >= 0) return true;
            var ab = a - b;
            if (strict ? ab.LowerBound >= 0 : ab.LowerBound >= 1) return false;
            return null;
        }

        private static Dim? Decide(bool? v) => v == null ? null : Dim.Of(v.Value ? 1 : 0);
    }
}
