using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Renders a float <see cref="BoundExpr"/> as C# that ILGPU compiles into a kernel: infix arithmetic and
    /// ILGPU.Algorithms' XMath for the functions (System.MathF has no PTX implementation for most of them; see
    /// GPU-NOTES), and ModelGen.Gpu's DeviceErf and DeviceInverseHyperbolic for erf, asinh, acosh and atanh, which XMath
    /// lacks. The GPU backend's table of primitives, beside the CPU's ScalarCode: an expression with a primitive
    /// or an element type not in the table is not rendered, and its call runs on the CPU in the session.
    /// </summary>
    internal static class GpuScalarCode
    {
        private const string XMath = "global::ILGPU.Algorithms.XMath.";
        private const string Erf = "global::ModelGen.Gpu.Kernels.Elementwise.DeviceErf.Of(";
        private const string Hyperbolic = "global::ModelGen.Gpu.Kernels.Elementwise.DeviceInverseHyperbolic.";

        /// <summary>True when every sub-expression is float and every primitive is in the table.</summary>
        public static bool CanRender(BoundExpr e) => e.Walk().All(x => x.Type == ElementType.Float && (x.Fn == null || Has(x.Fn.Value)));

        /// <summary>An fp16 or bf16 expression as the fp32 one it is computed as (operands widened when read, results narrowed when stored).</summary>
        public static BoundExpr Widened(BoundExpr e) => e.Retyped(ElementType.Float16, ElementType.Float).Retyped(ElementType.BFloat16, ElementType.Float);

        /// <summary>True when the expression, widened to fp32, renders: what the GPU compile lets ElementwiseFusion fuse.</summary>
        public static bool CanRenderWidened(BoundExpr e) => CanRender(Widened(e));

        /// <summary>The expression; <paramref name="arg"/> names argument i.</summary>
        public static string Render(BoundExpr e, Func<int, string> arg)
        {
            if (e.IsArg) return arg(e.ArgIndex);
            if (e.IsConstant) return Literals.Float((float)e.Constant);
            var a = e.Args.Select(x => Render(x, arg)).ToArray();
            switch (e.Fn!.Value)
            {
                case ScalarFn.Add: return "(" + a[0] + " + " + a[1] + ")";
                case ScalarFn.Sub: return "(" + a[0] + " - " + a[1] + ")";
                case ScalarFn.Mul: return "(" + a[0] + " * " + a[1] + ")";
                case ScalarFn.Div: return "(" + a[0] + " / " + a[1] + ")";
                case ScalarFn.Neg: return "(-" + a[0] + ")";
                case ScalarFn.Reciprocal: return "(1f / " + a[0] + ")";
                case ScalarFn.Max: return XMath + "Max(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Min: return XMath + "Min(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Pow: return XMath + "Pow(" + a[0] + ", " + a[1] + ")";
                case ScalarFn.Abs: return XMath + "Abs(" + a[0] + ")";
                case ScalarFn.Exp: return XMath + "Exp(" + a[0] + ")";
                case ScalarFn.Log: return XMath + "Log(" + a[0] + ")";
                case ScalarFn.Sqrt: return XMath + "Sqrt(" + a[0] + ")";
                case ScalarFn.Tanh: return XMath + "Tanh(" + a[0] + ")";
                case ScalarFn.Floor: return XMath + "Floor(" + a[0] + ")";
                case ScalarFn.Ceil: return XMath + "Ceiling(" + a[0] + ")";
                case ScalarFn.Round: return XMath + "RoundToEven(" + a[0] + ")";
                case ScalarFn.Sin: return XMath + "Sin(" + a[0] + ")";
                case ScalarFn.Cos: return XMath + "Cos(" + a[0] + ")";
                case ScalarFn.Tan: return XMath + "Tan(" + a[0] + ")";
                case ScalarFn.Asin: return XMath + "Asin(" + a[0] + ")";
                case ScalarFn.Acos: return XMath + "Acos(" + a[0] + ")";
                case ScalarFn.Atan: return XMath + "Atan(" + a[0] + ")";
                case ScalarFn.Sinh: return XMath + "Sinh(" + a[0] + ")";
                case ScalarFn.Cosh: return XMath + "Cosh(" + a[0] + ")";
                case ScalarFn.Asinh: return Hyperbolic + "Asinh(" + a[0] + ")";
                case ScalarFn.Acosh: return Hyperbolic + "Acosh(" + a[0] + ")";
                case ScalarFn.Atanh: return Hyperbolic + "Atanh(" + a[0] + ")";
                case ScalarFn.Erf: return Erf + a[0] + ")";
                default: throw new InvalidOperationException("No GPU rendering of " + e.Fn + " (CanRender was not checked).");
            }
        }

        private static bool Has(ScalarFn f)
        {
            switch (f)
            {
                case ScalarFn.Add: case ScalarFn.Sub: case ScalarFn.Mul: case ScalarFn.Div: case ScalarFn.Neg: case ScalarFn.Reciprocal:
                case ScalarFn.Max: case ScalarFn.Min: case ScalarFn.Pow: case ScalarFn.Abs: case ScalarFn.Exp: case ScalarFn.Log:
                case ScalarFn.Sqrt: case ScalarFn.Tanh: case ScalarFn.Floor: case ScalarFn.Ceil: case ScalarFn.Round:
                case ScalarFn.Sin: case ScalarFn.Cos: case ScalarFn.Tan: case ScalarFn.Asin: case ScalarFn.Acos: case ScalarFn.Atan:
                case ScalarFn.Sinh: case ScalarFn.Cosh: case ScalarFn.Asinh: case ScalarFn.Acosh: case ScalarFn.Atanh: case ScalarFn.Erf:
                    return true;
                default:
                    return false;
            }
        }
    }
}
