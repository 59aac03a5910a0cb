using System;
using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Expressions
{
    /// <summary>One element during build-time evaluation: integers (and bools) exactly in <see cref="I"/>, floats in <see cref="F"/>, already rounded to their type.</summary>
    internal readonly struct Scalar
    {
        public Scalar(long i, double f) { I = i; F = f; }
        /// <summary>Integer or bool value: signed types sign-extended, unsigned types by their bits.</summary>
        public long I { get; }
        /// <summary>Floating-point value.</summary>
        public double F { get; }
    }

    /// <summary>Thrown when an expression cannot be evaluated at build time (integer division by zero): the node then runs at run time.</summary>
    internal sealed class NotFoldableException : Exception
    {
        public NotFoldableException(string message) : base(message) { }
    }

    /// <summary>
    /// Evaluates a <see cref="BoundExpr"/> on concrete elements, exactly as the element types define: integer
    /// arithmetic in integers wrapped to the type's width, float arithmetic rounded to the type after every
    /// step (float32 via double, whose extra precision makes + − × ÷ round exactly once; float16 to nearest even).
    /// </summary>
    internal static class ScalarEvaluator
    {
        public static Scalar Evaluate(BoundExpr e, IReadOnlyList<Scalar> args)
        {
            if (e.IsArg) return args[e.ArgIndex];
            if (e.IsConstant) return ElementTypes.IsFloatingPoint(e.Type) ? new Scalar(0, Round(e.Type, e.Constant)) : new Scalar(Wrap(e.Type, (long)e.Constant), 0);
            var fn = e.Fn!.Value;
            if (fn == ScalarFn.Select) return Evaluate(e.Args[0], args).I != 0 ? Evaluate(e.Args[1], args) : Evaluate(e.Args[2], args);
            var a = Evaluate(e.Args[0], args);
            var operandType = e.Args[0].Type;
            if (e.Args.Count == 1) return Unary(fn, operandType, a);
            var b = Evaluate(e.Args[1], args);
            return Binary(fn, operandType, a, b);
        }

        private static Scalar Unary(ScalarFn fn, ElementType t, Scalar a)
        {
            if (fn == ScalarFn.Not) return Bool(a.I == 0);
            if (fn == ScalarFn.IsNaN) return Bool(double.IsNaN(a.F));
            if (ElementTypes.IsFloatingPoint(t))
            {
                double x = a.F, y;
                switch (fn)
                {
                    case ScalarFn.Neg: y = -x; break;
                    case ScalarFn.Abs: y = Math.Abs(x); break;
                    case ScalarFn.Exp: y = Math.Exp(x); break;
                    case ScalarFn.Log: y = Math.Log(x); break;
                    case ScalarFn.Sqrt: y = Math.Sqrt(x); break;
                    case ScalarFn.Floor: y = Math.Floor(x); break;
                    case ScalarFn.Ceil: y = Math.Ceiling(x); break;
                    case ScalarFn.Tanh: y = Math.Tanh(x); break;
                    case ScalarFn.Reciprocal: y = 1 / x; break;
                    case ScalarFn.Round: y = Math.Round(x, MidpointRounding.ToEven); break;
                    case ScalarFn.Sin: y = Math.Sin(x); break;
                    case ScalarFn.Cos: y = Math.Cos(x); break;
                    case ScalarFn.Tan: y = Math.Tan(x); break;
                    case ScalarFn.Asin: y = Math.Asin(x); break;
                    case ScalarFn.Acos: y = Math.Acos(x); break;
                    case ScalarFn.Atan: y = Math.Atan(x); break;
                    case ScalarFn.Sinh: y = Math.Sinh(x); break;
                    case ScalarFn.Cosh: y = Math.Cosh(x); break;
                    // Asinh, Acosh, Atanh (absent from netstandard2.0's Math) and Erf are left to run time.
                    default: throw new NotFoldableException(fn + " of " + t);
                }
                return Float(t, y);
            }
            switch (fn)
            {
                case ScalarFn.Neg: return Int(t, unchecked(-a.I));
                case ScalarFn.Abs: return Int(t, a.I < 0 && ElementTypes.IsSigned(t) ? unchecked(-a.I) : a.I);
                case ScalarFn.BitNot: return Int(t, ~a.I);
                default: throw new NotFoldableException(fn + " of " + t);
            }
        }

        private static Scalar Binary(ScalarFn fn, ElementType t, Scalar a, Scalar b)
        {
            if (t == ElementType.Bool && ScalarFns.IsLogic(fn))
            {
                bool x = a.I != 0, y = b.I != 0;
                return Bool(fn == ScalarFn.And ? x & y : fn == ScalarFn.Or ? x | y : x ^ y);
            }
            if (ElementTypes.IsFloatingPoint(t))
            {
                double x = a.F, y = b.F;
                switch (fn)
                {
                    case ScalarFn.Add: return Float(t, x + y);
                    case ScalarFn.Sub: return Float(t, x - y);
                    case ScalarFn.Mul: return Float(t, x * y);
                    case ScalarFn.Div: return Float(t, x / y);
                    case ScalarFn.Max: return Float(t, double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y));
                    case ScalarFn.Min: return Float(t, double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y));
                    case ScalarFn.Pow: return Float(t, Math.Pow(x, y));
                    case ScalarFn.Rem: return Float(t, x % y);
                    case ScalarFn.Equal: return Bool(x == y);
                    case ScalarFn.Less: return Bool(x < y);
                    case ScalarFn.Greater: return Bool(x > y);
                    case ScalarFn.LessOrEqual: return Bool(x <= y);
                    case ScalarFn.GreaterOrEqual: return Bool(x >= y);
                    default: throw new NotFoldableException(fn + " of " + t);
                }
            }
            bool unsigned = !ElementTypes.IsSigned(t);
            long p = a.I, q = b.I;
            int order = unsigned ? unchecked((ulong)p).CompareTo(unchecked((ulong)q)) : p.CompareTo(q);
            switch (fn)
            {
                case ScalarFn.Add: return Int(t, unchecked(p + q));
                case ScalarFn.Sub: return Int(t, unchecked(p - q));
                case ScalarFn.Mul: return Int(t, unchecked(p * q));
                case ScalarFn.Div:
                    if (q == 0) throw new NotFoldableException("integer division by zero");
                    if (unsigned) return Int(t, unchecked((long)((ulong)p / (ulong)q)));
                    return Int(t, q == -1 ? unchecked(-p) : p / q); // C# truncates toward zero, as ONNX does
                case ScalarFn.Max: return order >= 0 ? a : b;
                case ScalarFn.Min: return order <= 0 ? a : b;
                case ScalarFn.Pow: return Int(t, IntPow(p, q));
                case ScalarFn.Rem:
                    if (q == 0) throw new NotFoldableException("integer remainder by zero");
                    if (unsigned) return Int(t, unchecked((long)((ulong)p % (ulong)q)));
                    return Int(t, q == -1 ? 0 : p % q);
                case ScalarFn.BitAnd: return Int(t, p & q);
                case ScalarFn.BitOr: return Int(t, p | q);
                case ScalarFn.BitXor: return Int(t, p ^ q);
                case ScalarFn.ShiftLeft: return Int(t, unchecked(p << ShiftCount(t, q)));
                case ScalarFn.ShiftRight: return Int(t, unsigned ? unchecked((long)((ulong)p >> ShiftCount(t, q))) : p >> ShiftCount(t, q));
                case ScalarFn.Equal: return Bool(order == 0);
                case ScalarFn.Less: return Bool(order < 0);
                case ScalarFn.Greater: return Bool(order > 0);
                case ScalarFn.LessOrEqual: return Bool(order <= 0);
                case ScalarFn.GreaterOrEqual: return Bool(order >= 0);
                default: throw new NotFoldableException(fn + " of " + t);
            }
        }

        /// <summary>
        /// A shift count below the type's width. Wider counts, which C# reduces modulo 32 or 64 at run time, are
        /// left to run time rather than folded with a different answer.
        /// </summary>
        private static int ShiftCount(ElementType t, long q) =>
            q >= 0 && q < 8 * ElementTypes.SizeOf(t) ? (int)q : throw new NotFoldableException("shift by " + q + " of " + t);

        private static long IntPow(long x, long n)
        {
            if (n < 0) throw new NotFoldableException("negative integer exponent");
            long result = 1;
            while (n > 0)
            {
                if ((n & 1) != 0) result = unchecked(result * x);
                x = unchecked(x * x);
                n >>= 1;
            }
            return result;
        }

        private static Scalar Bool(bool v) => new Scalar(v ? 1 : 0, 0);

        private static Scalar Int(ElementType t, long v) => new Scalar(Wrap(t, v), 0);

        private static Scalar Float(ElementType t, double v) => new Scalar(0, Round(t, v));

        /// <summary>Two's-complement wrap to the type's width (sign-extended for signed types).</summary>
        public static long Wrap(ElementType t, long v)
        {
            switch (t)
            {
                case ElementType.Int8: return unchecked((sbyte)v);
                case ElementType.Int16: return unchecked((short)v);
                case ElementType.Int32: return unchecked((int)v);
                case ElementType.UInt8: return unchecked((byte)v);
                case ElementType.UInt16: return unchecked((ushort)v);
                case ElementType.UInt32: return unchecked((uint)v);
                case ElementType.Bool: return v != 0 ? 1 : 0;
                default: return v;
            }
        }

        /// <summary>Rounds a double to the precision of a floating-point element type.</summary>
        public static double Round(ElementType t, double v)
        {
            switch (t)
            {
                case ElementType.Float: return (float)v;
                case ElementType.Float16: return HalfBits.ToDouble(HalfBits.FromDouble(v));
                // bfloat16 computes in float, as generated code does; writing the result rounds it once to bfloat16.
                case ElementType.BFloat16: return (float)v;
                default: return v;
            }
        }
    }
}
