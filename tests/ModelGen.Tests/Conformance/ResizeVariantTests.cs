using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// Resize and Upsample in forms ONNX's backend tests do not take (they feed scales, sizes and roi as graph inputs, so
    /// every output dim is a run-time dim there): each test_resize_* and test_upsample_* rebuilt with those inputs as
    /// initializers (build-time output dims); again with every input dim symbolic (whole scales give dim expressions,
    /// fractional ones run-time dims of single axes); with float16 and double data; nearest ones with uint8 data; and
    /// test_upsample_nearest as Upsample-7 (attribute scales) and Resize-10. Every rebuilt model is checked against the
    /// backend test's own expected output (converted to the data type), so the answers stay ONNX's.
    /// </summary>
    public sealed class ResizeVariantTests
    {
        private readonly ITestOutputHelper _output;

        public ResizeVariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>A rebuilt model, its one input X and the expected Y.</summary>
        private sealed record Variant(string Name, byte[] Model, TensorFileData X, TensorFileData Y, bool StaticDims = true);

        [SharedDataFact]
        public void Rebuilt_backend_tests_match_the_expected_outputs()
        {
            var cases = BackendManifest.All.Where(c => c.Suite == "node" && (c.Test.StartsWith("test_resize_", StringComparison.Ordinal) || c.Test.StartsWith("test_upsample_", StringComparison.Ordinal))).ToList();
            Assert.True(cases.Count >= 40, "only " + cases.Count + " Resize and Upsample backend tests found");
            var variants = cases.SelectMany(Variants).ToList();

            var entries = variants.Select(v => new VariantBatch.Entry(v.Name, v.Model, new[] { Named("X", v.X) }, new[] { Named("Y", v.Y) }, ConformanceSuite.RTol)).ToList();
            var failures = VariantBatch.Run(entries, "Resize", (i, result) =>
            {
                // Scales and sizes known at build time leave no dims to work out when the model runs.
                bool dimsAtRunTime = result.Sources.Any(s => s.Text.Contains("Resize.OutputDims", StringComparison.Ordinal));
                return variants[i].StaticDims && dimsAtRunTime
                    ? variants[i].Name + ": the output dims are computed at run time although the scales or sizes are initializers"
                    : null;
            });
            _output.WriteLine(variants.Count + " variants of " + cases.Count + " backend tests, " + failures.Count + " failed");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        private static TensorFileData Named(string name, TensorFileData t) => new TensorFileData(name, t.Type, t.Dims, t.Raw);

        [Fact]
        public void TheCompilerChecksTheRuntimesTapBudget() =>
            Assert.Equal(ModelGen.Runtime.Kernels.Resize.MaxTaps, ModelGen.Compiler.Ops.Common.ResizeOp.MaxTaps);

        public static IEnumerable<object[]> BadForms()
        {
            OnnxModelBuilder On(int opset) => new OnnxModelBuilder("bad", opset: opset).Input("x", ElementType.Float, new object[] { 1, 1, 4, 4 });
            OnnxModelBuilder Scales(int opset, params float[] s) => On(opset).Initializer("scales", new[] { s.Length }, s);
            // Upsample-10 only marks the op deprecated.
            yield return new object[] { "MG0102", Scales(10, 1, 1, 2, 2).Node("Upsample", new[] { "x", "scales" }, new[] { "y" }).Output("y").ToBytes() };
            yield return new object[] { "MG0103", Scales(19, 1, 1, 2, 2).Node("Resize", new[] { "x", "", "scales" }, new[] { "y" }, attributes: a => a.String("mode", "bicubic")).Output("y").ToBytes() };
            yield return new object[] { "MG0103", Scales(19, 1, 1, 2, 2).Node("Resize", new[] { "x", "", "scales" }, new[] { "y" }, attributes: a => a.String("coordinate_transformation_mode", "corners")).Output("y").ToBytes() };
            yield return new object[] { "MG0103", Scales(19, 1, 1, 2, 2).Initializer("sizes", new[] { 4 }, new long[] { 1, 1, 8, 8 })
                .Node("Resize", new[] { "x", "", "scales", "sizes" }, new[] { "y" }).Output("y").ToBytes() };
            yield return new object[] { "MG0103", On(19).Node("Resize", new[] { "x" }, new[] { "y" }).Output("y").ToBytes() };
            yield return new object[] { "MG0103", Scales(19, 1, 1, 0, 2).Node("Resize", new[] { "x", "", "scales" }, new[] { "y" }).Output("y").ToBytes() };
            yield return new object[] { "MG0201", Scales(19, 2, 2).Node("Resize", new[] { "x", "", "scales" }, new[] { "y" }).Output("y").ToBytes() };
            yield return new object[] { "MG0103", Scales(19, 2, 2).Node("Resize", new[] { "x", "", "scales" }, new[] { "y" }, attributes: a => a.Ints("axes", 2, -2)).Output("y").ToBytes() };
            // Antialiased cubic downscaling by 1/1000 on two axes needs 8000 filter taps.
            yield return new object[] { "MG0103", Scales(19, 1, 1, 0.001f, 0.001f).Node("Resize", new[] { "x", "", "scales" }, new[] { "y" },
                attributes: a => a.String("mode", "cubic").Int("antialias", 1)).Output("y").ToBytes() };
        }

        [Theory]
        [MemberData(nameof(BadForms))]
        public void BadFormsAreReportedWithTheirDiagnostic(string id, byte[] model)
        {
            var result = ModelCompiler.Compile(model, new CompileOptions("Model", "Resize.Bad", null, "ModelGen.bad.onnx", new Dictionary<string, long>()));
            Assert.False(result.Success);
            Assert.Contains(result.Problems, p => p.Id == id);
        }

        /// <summary>The rebuilt forms of one backend test.</summary>
        private static IEnumerable<Variant> Variants(BackendCase c)
        {
            var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(c.ModelPath));
            var x = Read(c, "input_0.pb");
            var y = Read(c, "output_0.pb");
            var node = original.Graph.Node.Single();
            var constant = Constants(c, original);
            yield return new Variant(c.Test + " (initializers)", constant.ToByteArray(), x, y);

            var symbolic = constant.Clone();
            var dims = symbolic.Graph.Input[0].Type.TensorType.Shape.Dim;
            for (int d = 0; d < dims.Count; d++) dims[d] = new TensorShapeProto.Types.Dimension { DimParam = "d" + d };
            symbolic.Graph.Output[0].Type.TensorType.Shape = null;
            yield return new Variant(c.Test + " (symbolic dims)", symbolic.ToByteArray(), x, y, StaticDims: false);

            yield return new Variant(c.Test + " (float16)", Retyped(constant, ElementType.Float16), Convert(x, ElementType.Float16), Convert(y, ElementType.Float16));
            yield return new Variant(c.Test + " (double)", Retyped(constant, ElementType.Double), Convert(x, ElementType.Double), Convert(y, ElementType.Double));
            string mode = node.Attribute.FirstOrDefault(a => a.Name == "mode")?.S.ToStringUtf8() ?? "nearest";
            if (mode == "nearest") yield return new Variant(c.Test + " (uint8)", Retyped(constant, ElementType.UInt8), Convert(x, ElementType.UInt8), Convert(y, ElementType.UInt8));

            if (c.Test == "test_upsample_nearest")
            {
                var scales = Read(c, "input_1.pb").ToTensorData().AsDouble().Select(s => (float)s).ToArray();
                var upsample7 = constant.Clone();
                SetOpset(upsample7, 7);
                var n7 = upsample7.Graph.Node[0];
                n7.Input.RemoveAt(1);
                n7.Attribute.Add(new AttributeProto { Name = "scales", Type = AttributeProto.Types.AttributeType.Floats, Floats = { scales } });
                upsample7.Graph.Initializer.Clear();
                yield return new Variant(c.Test + " (Upsample-7)", upsample7.ToByteArray(), x, y);

                var resize10 = constant.Clone();
                SetOpset(resize10, 10);
                resize10.Graph.Node[0].OpType = "Resize";
                yield return new Variant(c.Test + " (Resize-10)", resize10.ToByteArray(), x, y);
            }
        }

        /// <summary>The model with every graph input but X turned into an initializer holding its test data.</summary>
        private static ModelProto Constants(BackendCase c, ModelProto original)
        {
            var model = original.Clone();
            var graph = model.Graph;
            for (int i = graph.Input.Count - 1; i >= 1; i--)
            {
                var t = Read(c, "input_" + i + ".pb");
                var tensor = new TensorProto { Name = graph.Input[i].Name, DataType = (int)t.Type, RawData = ByteString.CopyFrom(t.Raw) };
                tensor.Dims.Add(t.Dims);
                graph.Initializer.Add(tensor);
                graph.Input.RemoveAt(i);
            }
            return model;
        }

        private static byte[] Retyped(ModelProto model, ElementType type)
        {
            var m = model.Clone();
            m.Graph.Input[0].Type.TensorType.ElemType = (int)type;
            m.Graph.Output[0].Type.TensorType.ElemType = (int)type;
            return m.ToByteArray();
        }

        private static void SetOpset(ModelProto m, long opset)
        {
            foreach (var o in m.OpsetImport.Where(o => o.Domain.Length == 0 || o.Domain == "ai.onnx")) o.Version = opset;
        }

        /// <summary>Float data as <paramref name="type"/>: rounded to nearest (float16), widened (double), or rounded and saturated (uint8; used only where the values are whole).</summary>
        private static TensorFileData Convert(TensorFileData t, ElementType type)
        {
            var values = t.ToTensorData().AsDouble();
            byte[] raw = type switch
            {
                ElementType.Float16 => values.SelectMany(v => BitConverter.GetBytes((Half)(float)v)).ToArray(),
                ElementType.Double => values.SelectMany(BitConverter.GetBytes).ToArray(),
                _ => values.Select(v => (byte)Math.Clamp(Math.Round(v), 0, 255)).ToArray(),
            };
            return new TensorFileData(t.Name, type, t.Dims, raw);
        }

        private static TensorFileData Read(BackendCase c, string file) => TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, file)));
    }
}
