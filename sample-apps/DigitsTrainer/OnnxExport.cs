using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;

namespace ModelGen.Samples.DigitsTrainer
{
    /// <summary>Writes the trained network as an opset-13 ONNX model with ModelGen's own writer.</summary>
    internal static class OnnxExport
    {
        public const string InputName = "pixels";
        public const string OutputName = "probabilities";

        public static byte[] ToOnnx(DigitCnn m)
        {
            var b = new OnnxModelBuilder(graphName: "digits", opset: 13);
            b.DocString("Digit classifier for 16x16 grayscale images, trained by sample-apps/DigitsTrainer.");
            b.Input(InputName, ElementType.Float, new object[] { 1, 1, 16, 16 });

            b.Initializer("conv1.weight", new[] { DigitCnn.C1, 1, 3, 3 }, m.W1);
            b.Initializer("conv1.bias", new[] { DigitCnn.C1 }, m.B1);
            b.Initializer("conv2.weight", new[] { DigitCnn.C2, DigitCnn.C1, 3, 3 }, m.W2);
            b.Initializer("conv2.bias", new[] { DigitCnn.C2 }, m.B2);
            b.Initializer("flatten.shape", new[] { 2 }, new long[] { 1, DigitCnn.Features });
            b.Initializer("fc.weight", new[] { DigitCnn.Classes, DigitCnn.Features }, m.W3);
            b.Initializer("fc.bias", new[] { DigitCnn.Classes }, m.B3);

            b.Node("Conv", new[] { InputName, "conv1.weight", "conv1.bias" }, new[] { "conv1.out" }, name: "conv1",
                attributes: a => a.Ints("kernel_shape", 3, 3).Ints("pads", 1, 1, 1, 1).Ints("strides", 1, 1));
            b.Node("Relu", new[] { "conv1.out" }, new[] { "relu1.out" }, name: "relu1");
            b.Node("MaxPool", new[] { "relu1.out" }, new[] { "pool1.out" }, name: "pool1",
                attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2));
            b.Node("Conv", new[] { "pool1.out", "conv2.weight", "conv2.bias" }, new[] { "conv2.out" }, name: "conv2",
                attributes: a => a.Ints("kernel_shape", 3, 3).Ints("pads", 1, 1, 1, 1).Ints("strides", 1, 1));
            b.Node("Relu", new[] { "conv2.out" }, new[] { "relu2.out" }, name: "relu2");
            b.Node("MaxPool", new[] { "relu2.out" }, new[] { "pool2.out" }, name: "pool2",
                attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2));
            b.Node("Reshape", new[] { "pool2.out", "flatten.shape" }, new[] { "features" }, name: "flatten");
            b.Node("Gemm", new[] { "features", "fc.weight", "fc.bias" }, new[] { "logits" }, name: "fc",
                attributes: a => a.Float("alpha", 1f).Float("beta", 1f).Int("transB", 1));
            b.Node("Softmax", new[] { "logits" }, new[] { OutputName }, name: "softmax",
                attributes: a => a.Int("axis", 1));

            b.Output(OutputName, ElementType.Float, new object[] { 1, DigitCnn.Classes });
            return b.ToBytes();
        }
    }
}
