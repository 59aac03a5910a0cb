using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The broadcast output shape and each operand's strides over it.</summary>
    internal sealed record StringConcatPlan(Shape Output, ValueList<Dim> AStrides, ValueList<Dim> BStrides) : OpPlan;

    /// <summary>ONNX StringConcat: y = x + y elementwise, numpy broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__StringConcat.html</summary>
    internal sealed class StringConcat : Op<StringConcatPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("StringConcat", new[] { 20 })
            .Input("X", "T").Input("Y", "T").Output("Z", "T").Types("T", new[] { ElementType.String });

        public override string Summary => "z = x concatenated with y, with broadcasting.";

        protected override StringConcatPlan? Infer(InferContext c)
        {
            var y = Broadcasting.Shape(c.InShape(0), c.InShape(1), c);
            if (y == null) return null;
            c.SetOutput(0, ElementType.String, y);
            return new StringConcatPlan(y, Broadcasting.Strides(c.InShape(0), y).ToValueList(), Broadcasting.Strides(c.InShape(1), y).ToValueList());
        }

        protected override void Lower(LowerContext c, StringConcatPlan p) =>
            c.Call("string.concat").In("a", c.In(0)).In("b", c.In(1)).Out("y", c.Out(0)).Dims("shape", p.Output.Dims)
                .Dims("aStrides", p.AStrides).Dims("bStrides", p.BStrides).Emit();
    }
}
