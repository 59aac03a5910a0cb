using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Col2Im's window attributes (one value per image axis) and the output shape (run-time dims when image_shape is).</summary>
    internal sealed record Col2ImPlan(ValueList<long> Strides, ValueList<long> Dilations, ValueList<long> Pads, Shape Output, bool RuntimeShape) : OpPlan;

    /// <summary>
    /// ONNX Col2Im: the inverse of im2col. Column (c·prod(block) + tap, l) of each batch item is added into the image at
    /// o = l·stride + tap·dilation − padBegin, l running over the block positions that fit the padded image. image_shape
    /// and block_shape are tensors; read at build time they fix the output dims, read at run time they make them
    /// run-time dims. Spec: https://onnx.ai/onnx/operators/onnx__Col2Im.html
    /// </summary>
    internal sealed class Col2Im : Op<Col2ImPlan>
    {
        private static readonly Attr<long[]?> Dilations = Attr.Ints("dilations");
        private static readonly Attr<long[]?> Pads = Attr.Ints("pads");
        private static readonly Attr<long[]?> Strides = Attr.Ints("strides");

        public override OpSchema Schema { get; } = new OpSchema("Col2Im", new[] { 18 })
            .Input("input", "T").Input("image_shape", "I").Input("block_shape", "I").Output("output", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64).WithAttributes(Dilations, Pads, Strides);

        public override string Summary => "adds columns back into an N-D image (strides, dilations, pads); image and block shapes at build time or read at run time.";

        protected override Col2ImPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var count = c.InShape(1);
            if (x.Rank != 3 || count.Rank != 1 || !c.Static(count[0], "the number of image axes") || !c.InShape(2).Equals(count))
                return c.Reject<Col2ImPlan>(DiagnosticIds.ShapeMismatch, "input " + x + " must be [N, C·prod(block), L], and image_shape and block_shape vectors of one length.");
            int n = (int)count[0].Value;
            var strides = c.Get(Strides) ?? Enumerable.Repeat(1L, n).ToArray();
            var dilations = c.Get(Dilations) ?? Enumerable.Repeat(1L, n).ToArray();
            var pads = c.Get(Pads) ?? new long[2 * n];
            if (strides.Length != n || dilations.Length != n || pads.Length != 2 * n || strides.Any(s => s < 1) || dilations.Any(d => d < 1))
                return c.Reject<Col2ImPlan>(DiagnosticIds.UnsupportedAttribute, "strides and dilations need " + n + " positive values, pads " + 2 * n + ".");
            long[]? image = c.StaticInts(1), block = c.StaticInts(2);
            Shape output;
            bool runtime = image == null || block == null;
            if (!runtime)
            {
                long blockSize = block!.Aggregate(1L, (a, b) => a * b);
                if (!x[1].IsStatic || blockSize < 1 || x[1].Value % blockSize != 0)
                    return c.Reject<Col2ImPlan>(DiagnosticIds.ShapeMismatch, "input channels " + x[1] + " are not a multiple of the block size " + blockSize + ".");
                output = new Shape(new[] { x[0], Dim.Of(x[1].Value / blockSize) }.Concat(image!.Select(Dim.Of)));
            }
            else output = new Shape(new[] { x[0] }.Concat(Enumerable.Range(1, n + 1).Select(i => c.RuntimeDim(i, null))));
            c.SetOutput(0, output);
            return new Col2ImPlan(strides.ToValueList(), dilations.ToValueList(), pads.ToValueList(), output, runtime);
        }

        protected override void Lower(LowerContext c, Col2ImPlan p)
        {
            var x = c.InShape(0);
            if (p.RuntimeShape)
                c.Call("col2im.dims").In("imageShape", c.In(1)).In("blockShape", c.In(2)).Dim("columnRows", x[1])
                    .Symbols("dims", p.Output.Dims.Skip(1).Select(d => d.SymbolName!)).Emit();
            c.Call("col2im", c.InType(0)).In("x", c.In(0)).In("imageShape", c.In(1)).In("blockShape", c.In(2)).Out("y", c.Out(0))
                .Dim("batch", x[0]).Dim("columnRows", x[1]).Dim("columns", x[2])
                .Ints("strides", p.Strides).Ints("dilations", p.Dilations).Ints("pads", p.Pads).Emit();
        }
    }
}
