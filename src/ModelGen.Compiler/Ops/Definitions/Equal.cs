using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Equal (bool inputs too; strings from revision 19, compared ordinally by their own kernel, since strings
    /// are no scalar expression type). Spec: https://onnx.ai/onnx/operators/onnx__Equal.html
    /// </summary>
    internal sealed class Equal : ComparisonOp
    {
        public Equal() : base("Equal", new[] { 1, 7, 11, 13, 19 }, TypeSets.Any.Concat(new[] { ElementType.String }).ToArray()) { }
        public override ScalarExpr Expression { get; } = Call(ScalarFn.Equal, A, B);

        protected override ElementwisePlan? Infer(InferContext c)
        {
            if (c.InType(0) != ElementType.String) return base.Infer(c);
            if (c.Revision < 19) return c.Reject<ElementwisePlan>(DiagnosticIds.UnsupportedElementType, "Equal-" + c.Revision + " does not take strings (Equal-19 does).");
            var a = c.InShape(0);
            var b = c.InShape(1);
            var y = Broadcasting.Shape(a, b, c);
            if (y == null) return null;
            c.SetOutput(0, ElementType.Bool, y);
            // The plan's expression is unused for strings (the kernel compares them); it only records the operands.
            var expr = BoundExpr.Bind(Expression, new[] { ElementType.Bool, ElementType.Bool }, _ => 0);
            return new ElementwisePlan(expr, y, new[] { a, b }.ToValueList(), new[] { 0, 1 }.ToValueList());
        }

        protected override bool Evaluate(EvalContext c, ElementwisePlan p) => c.Node.Inputs[0]!.Type != ElementType.String && base.Evaluate(c, p);

        protected override void Lower(LowerContext c, ElementwisePlan p)
        {
            if (c.InType(0) != ElementType.String)
            {
                base.Lower(c, p);
                return;
            }
            c.Call("string.equal").In("a", c.In(0)).In("b", c.In(1)).Out("y", c.Out(0)).Dims("shape", p.Output.Dims)
                .Dims("aStrides", Broadcasting.Strides(p.Inputs[0], p.Output)).Dims("bStrides", Broadcasting.Strides(p.Inputs[1], p.Output)).Emit();
        }
    }
}
