using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// Renders a <see cref="BoundExpr"/> as C#: a scalar body for every element type (float16 and bfloat16 compute in float,
    /// small integers wrap back to their type), and a vector body for VectorN&lt;T&gt; when the arguments and the
    /// result share one type and every primitive has a vector form. The CPU backend's table of primitives.
    /// </summary>
    internal static class ScalarCode
    {
        private const string Math = "global::System.Math.";
        private const string MathF = "global::System.MathF.";

        /// <summary>The scalar body; <paramref name="arg"/> names argument i.</summary>
        public static string Scalar(BoundExpr e, Func<int, string> arg)
        {
            string body = Compute(e, arg);
            return InFloat(e.Type) ? "(" + ElementTypes.CSharpName(e.Type) + ")(" + body + ")" : body;
        }

        /// <summary>True when <see cref="Vector"/> can render the expression.</summary>
        public static bool IsVectorizable(BoundExpr e)
        {
            var t = e.Type;
            if (t != ElementType.Float && t != ElementType.Double && t != ElementType.Int32 && t != ElementType.Int64) return false;
            foreach (var x in e.Walk())
            {
                if (x.Type != t) return false;
                if (x.Fn == null) continue;
                switch (x.Fn.Value)
                {
                    case ScalarFn.Add: case ScalarFn.Sub: case ScalarFn.Max: case ScalarFn.Min: case ScalarFn.Neg: case ScalarFn.Abs:
                        break;
                    case ScalarFn.Mul:
                        if (t == ElementType.Int64) return false; // no 64-bit lane multiply below AVX-512
                        break;
                    case ScalarFn.Div: case ScalarFn.Sqrt: case ScalarFn.Floor: case ScalarFn.Ceil: case ScalarFn.Exp: case ScalarFn.Log: case ScalarFn.Reciprocal:
                        if (!ElementTypes.IsFloatingPoint(t)) return false;
                        break;
                    case ScalarFn.Erf:
                        // VectorErrorFunction is float only (Gelu's erf form, in an epilogue or a fused loop).
                        if (t != ElementType.Float) return false;
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        /// <summary>The vector body at <paramref name="width"/> bits (128, 256 or 512).</summary>
        public static string Vector(BoundExpr e, int width, Func<int, string> arg)
        {
            string v = "global::System.Runtime.Intrinsics.Vector" + width;
            if (e.IsArg) return arg(e.ArgIndex);
            if (e.IsConstant) return v + ".Create(" + Literal(e.Type, e.Constant) + ")";
            var a = e.Args.Select(x => Vector(x, width, arg)).ToList();
            switch (e.Fn!.Value)
            {
                case ScalarFn.Add: return "(" + a[0] + " + " + a[1] + ")";
                case ScalarFn.Sub: return "(" + a[0] + " - " + a[1] + ")";
                case ScalarFn.Mul: return "(" + a[0] + " * " + a[1] + ")";
                case ScalarFn.Div: return "(" + a[0] + " / " + a[1] + ")";
                case ScalarFn.Neg: return "(-" + a[0] + ")";
                case ScalarFn.Reciprocal: return "(" + v + ".Create(" + Literal(e.Type, 1) + ") / " + a[0] + ")";
                case ScalarFn.Max: return v + ".Max(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Min: return v + ".Min(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Abs: return v + ".Abs(" + a[0] + ")";
                case ScalarFn.Sqrt: return v + ".Sqrt(" + a[0] + ")";
                case ScalarFn.Floor: return v + ".Floor(" + a[0] + ")";
                case ScalarFn.Ceil: return v + ".Ceiling(" + a[0] + ")";
                case ScalarFn.Exp: return v + ".Exp(" + a[0] + ")";
                case ScalarFn.Erf: return "global::ModelGen.Runtime.Kernels.VectorErrorFunction.Of(" + a[0] + ")";
                case ScalarFn.Log: return v + ".Log(" + a[0] + ")";
                default: throw new InvalidOperationException(e.Fn + " has no vector form.");
            }
        }

        /// <summary>Types held narrower than their arithmetic: float16 and bfloat16 compute in float and round once at the end.</summary>
        private static bool InFloat(ElementType t) => t == ElementType.Float16 || t == ElementType.BFloat16;

        /// <summary>The value in its compute type: float for float16 and bfloat16, the type itself otherwise (integers wrapped).</summary>
        private static string Compute(BoundExpr e, Func<int, string> arg)
        {
            if (e.IsArg) return InFloat(e.Type) ? "(float)" + arg(e.ArgIndex) : arg(e.ArgIndex);
            if (e.IsConstant) return Literal(InFloat(e.Type) ? ElementType.Float : e.Type, e.Constant);
            // A fused node's result rounds to its narrow type where the node would have written it.
            if (e.RoundsToType && InFloat(e.Type)) return "(float)(" + ElementTypes.CSharpName(e.Type) + ")(" + Call(e, arg) + ")";
            return Call(e, arg);
        }

        private static string Call(BoundExpr e, Func<int, string> arg)
        {
            var fn = e.Fn!.Value;
            var a = e.Args.Select(x => Compute(x, arg)).ToList();
            var t = e.Args[0].Type;
            if (fn == ScalarFn.Select) return "(" + a[0] + " ? " + a[1] + " : " + a[2] + ")";
            if (t == ElementType.Bool)
            {
                switch (fn)
                {
                    case ScalarFn.Not: return "(!" + a[0] + ")";
                    case ScalarFn.And: return "(" + a[0] + " & " + a[1] + ")";
                    case ScalarFn.Or: return "(" + a[0] + " | " + a[1] + ")";
                    case ScalarFn.Xor: return "(" + a[0] + " ^ " + a[1] + ")";
                    case ScalarFn.Equal: return "(" + a[0] + " == " + a[1] + ")";
                }
            }
            string? compare = Comparison(fn);
            if (compare != null) return "(" + a[0] + " " + compare + " " + a[1] + ")";
            if (fn == ScalarFn.IsNaN) return (t == ElementType.Double ? "double" : "float") + ".IsNaN(" + a[0] + ")";
            return ElementTypes.IsFloatingPoint(t) ? FloatFn(fn, t == ElementType.Double, a) : IntegerFn(fn, t, a);
        }

        private static string? Comparison(ScalarFn fn)
        {
            switch (fn)
            {
                case ScalarFn.Equal: return "==";
                case ScalarFn.Less: return "<";
                case ScalarFn.Greater: return ">";
                case ScalarFn.LessOrEqual: return "<=";
                case ScalarFn.GreaterOrEqual: return ">=";
                default: return null;
            }
        }

        private static string FloatFn(ScalarFn fn, bool isDouble, List<string> a)
        {
            string m = isDouble ? Math : MathF;
            switch (fn)
            {
                case ScalarFn.Add: return "(" + a[0] + " + " + a[1] + ")";
                case ScalarFn.Sub: return "(" + a[0] + " - " + a[1] + ")";
                case ScalarFn.Mul: return "(" + a[0] + " * " + a[1] + ")";
                case ScalarFn.Div: return "(" + a[0] + " / " + a[1] + ")";
                case ScalarFn.Neg: return "(-" + a[0] + ")";
                case ScalarFn.Reciprocal: return "(" + (isDouble ? "1.0" : "1f") + " / " + a[0] + ")";
                // Math.Max/Min propagate NaN, as ONNX's Max/Min and Relu do.
                case ScalarFn.Max: return Math + "Max(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Min: return Math + "Min(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Abs: return m + "Abs(" + a[0] + ")";
                case ScalarFn.Exp: return m + "Exp(" + a[0] + ")";
                case ScalarFn.Log: return m + "Log(" + a[0] + ")";
                case ScalarFn.Sqrt: return m + "Sqrt(" + a[0] + ")";
                case ScalarFn.Floor: return m + "Floor(" + a[0] + ")";
                case ScalarFn.Ceil: return m + "Ceiling(" + a[0] + ")";
                case ScalarFn.Tanh: return m + "Tanh(" + a[0] + ")";
                case ScalarFn.Round: return m + "Round(" + a[0] + ")"; // to nearest, ties to even, as ONNX Round
                case ScalarFn.Sin: case ScalarFn.Cos: case ScalarFn.Tan: case ScalarFn.Asin: case ScalarFn.Acos: case ScalarFn.Atan:
                case ScalarFn.Sinh: case ScalarFn.Cosh: case ScalarFn.Asinh: case ScalarFn.Acosh: case ScalarFn.Atanh:
                    return m + fn + "(" + a[0] + ")";
                case ScalarFn.Erf: return "global::ModelGen.Runtime.Kernels.ErrorFunction.Of(" + a[0] + ")";
                case ScalarFn.Pow: return m + "Pow(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Rem: return "(" + a[0] + " % " + a[1] + ")";
                default: throw new InvalidOperationException(fn + " is not defined on floating-point values.");
            }
        }

        private static string IntegerFn(ScalarFn fn, ElementType t, List<string> a)
        {
            string type = ElementTypes.CSharpName(t)!;
            string Wrap(string x) => "unchecked((" + type + ")(" + x + "))";
            switch (fn)
            {
                case ScalarFn.Add: return Wrap(a[0] + " + " + a[1]);
                case ScalarFn.Sub: return Wrap(a[0] + " - " + a[1]);
                case ScalarFn.Mul: return Wrap(a[0] + " * " + a[1]);
                case ScalarFn.Div: return Wrap(a[0] + " / " + a[1]);
                case ScalarFn.Neg: return Wrap("-" + a[0]);
                case ScalarFn.Abs: return ElementTypes.IsSigned(t) ? "(" + a[0] + " < 0 ? " + Wrap("-" + a[0]) + " : " + a[0] + ")" : a[0];
                case ScalarFn.Max: return Math + "Max(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Min: return Math + "Min(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Pow: return Wrap("global::ModelGen.Runtime.Kernels.ScalarMath.Pow((long)" + a[0] + ", (long)" + a[1] + ")");
                case ScalarFn.BitNot: return Wrap("~" + a[0]);
                case ScalarFn.Rem: return Wrap(a[0] + " % " + a[1]);
                case ScalarFn.BitAnd: return Wrap(a[0] + " & " + a[1]);
                case ScalarFn.BitOr: return Wrap(a[0] + " | " + a[1]);
                case ScalarFn.BitXor: return Wrap(a[0] + " ^ " + a[1]);
                case ScalarFn.ShiftLeft: return Wrap(a[0] + " << (int)" + a[1]);
                case ScalarFn.ShiftRight: return Wrap(a[0] + " >> (int)" + a[1]);
                default: throw new InvalidOperationException(fn + " is not defined on integers.");
            }
        }

        /// <summary>A literal of <paramref name="t"/> (float16 literals are floats: the compute type).</summary>
        public static string Literal(ElementType t, double v)
        {
            switch (t)
            {
                case ElementType.Float: case ElementType.Float16: case ElementType.BFloat16: return Literals.Float((float)v);
                case ElementType.Double: return Literals.Double(v);
                case ElementType.Bool: return v != 0 ? "true" : "false";
                default: return Literals.Element(t, v, (long)v);
            }
        }
    }
}
