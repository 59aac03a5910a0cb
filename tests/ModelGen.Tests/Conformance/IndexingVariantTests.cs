using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// The backend tests of the index and scan ops (GatherElements, GatherND, ScatterElements, Scatter, ScatterND,
    /// CumSum, CumProd, OneHot, EyeLike, Compress) in forms ONNX's suite does not take, each checked against the
    /// test's expected outputs: the inputs after the first made initializers (so axes, depths, conditions and indices
    /// are build-time values and the ops take their static paths), every input dim made symbolic (dims reach the
    /// kernels at run time), and every input a constant (build-time evaluation).
    /// </summary>
    public sealed class IndexingVariantTests
    {
        private static readonly HashSet<string> s_ops = new HashSet<string>(StringComparer.Ordinal)
        {
            "GatherElements", "GatherND", "ScatterElements", "Scatter", "ScatterND", "CumSum", "CumProd", "OneHot", "EyeLike", "Compress",
        };

        private readonly ITestOutputHelper _output;

        public IndexingVariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>Selected backend tests that use one of the ops.</summary>
        private static List<BackendCase> Cases() => BackendManifest.Selected.Where(c => c.SubgraphOpTypes.Count == 0 && c.OpTypes.Any(s_ops.Contains)).ToList();

        [SharedDataFact]
        public void With_the_later_inputs_as_initializers_the_outputs_match()
        {
            var variants = Cases()
                .Select(c => (Case: c, Model: ModelProto.Parser.ParseFrom(File.ReadAllBytes(c.ModelPath))))
                .Where(v => v.Model.Graph.Input.Count > 1)
                .Select(v => (v.Case, Bytes: LaterInputsAsInitializers(v.Model, v.Case), Kept: 1))
                .ToList();
            Assert.True(variants.Count >= 60, "only " + variants.Count + " tests of the ops have more than one input");
            CompileAndRun(variants);
        }

        [SharedDataFact]
        public void With_symbolic_input_dims_the_outputs_match()
        {
            // GatherND and ScatterND need the tuple length (the indices' last dim) at build time.
            var variants = Cases()
                .Where(c => c.OpTypes.Count == 1 && c.OpTypes[0] != "GatherND" && c.OpTypes[0] != "ScatterND")
                .Select(c => (Case: c, Bytes: SymbolicDims(ModelProto.Parser.ParseFrom(File.ReadAllBytes(c.ModelPath))), Kept: int.MaxValue))
                .ToList();
            Assert.True(variants.Count >= 35, "only " + variants.Count + " single-op tests");
            CompileAndRun(variants);
        }

        [SharedDataFact]
        public void Folded_at_build_time_the_outputs_match()
        {
            var cases = Cases().Where(c => c.OpTypes.Count == 1).ToList();
            var mismatches = new List<string>();
            var notFolded = new List<string>();
            var computing = new List<string>();
            foreach (var c in cases)
            {
                // Only scatters with a reduction compute rather than move elements; they are left to run time.
                var node = ModelProto.Parser.ParseFrom(File.ReadAllBytes(c.ModelPath)).Graph.Node[0];
                if (node.Attribute.Any(a => a.Name == "reduction" && a.S.ToStringUtf8() != "none")) computing.Add(c.Id);
                var graph = BuildTimeEvaluationTests.ImportWithConstantInputs(c);
                Assert.True(graph != null, c.Id + " does not import");
                new ConstantFolding().Run(graph!, new OptimizationLog());
                var actual = graph!.Outputs[0].Data;
                if (actual == null) { notFolded.Add(c.Id); continue; }
                var expected = TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, "output_0.pb"))).ToTensorData();
                string? difference = BuildTimeEvaluationTests.Compare(expected, actual);
                if (difference != null) mismatches.Add(c.Id + ": " + difference);
            }
            foreach (var id in notFolded) _output.WriteLine("not folded: " + id);
            Assert.True(mismatches.Count == 0, "build-time values differ from ONNX's:\n" + string.Join("\n", mismatches));
            Assert.Equal(computing, notFolded);
            Assert.True(cases.Count - notFolded.Count >= 40, "only " + (cases.Count - notFolded.Count) + " tests folded");
        }

        /// <summary>The model with every graph input after the first turned into an initializer holding test_data_set_0's value.</summary>
        private static byte[] LaterInputsAsInitializers(ModelProto model, BackendCase c)
        {
            var graph = model.Graph;
            for (int i = graph.Input.Count - 1; i >= 1; i--)
            {
                var data = TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, "input_" + i + ".pb")));
                var tensor = new TensorProto { Name = graph.Input[i].Name, DataType = (int)data.Type, RawData = ByteString.CopyFrom(data.Raw) };
                tensor.Dims.Add(data.Dims);
                graph.Initializer.Add(tensor);
                graph.Input.RemoveAt(i);
            }
            return model.ToByteArray();
        }

        /// <summary>The model with every graph input dim a symbol named by its size ("n3"), so equal dims stay provably equal.</summary>
        private static byte[] SymbolicDims(ModelProto model)
        {
            foreach (var input in model.Graph.Input)
                foreach (var d in input.Type.TensorType.Shape.Dim)
                    if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue) d.DimParam = "n" + d.DimValue;
            return model.ToByteArray();
        }

        /// <summary>Compiles every variant into one assembly and runs each on the first <c>Kept</c> inputs of its test data.</summary>
        private void CompileAndRun(IReadOnlyList<(BackendCase Case, byte[] Bytes, int Kept)> variants)
        {
            using var dir = new TempDir();
            var failures = new List<string>();
            var units = new List<BatchUnit>();
            var paths = new string[variants.Count];
            for (int i = 0; i < variants.Count; i++)
            {
                var (c, bytes, kept) = variants[i];
                string folder = dir.File("v" + i), data = Path.Combine(folder, "test_data_set_0");
                Directory.CreateDirectory(data);
                paths[i] = Path.Combine(folder, "model.onnx");
                File.WriteAllBytes(paths[i], bytes);
                foreach (var file in Directory.GetFiles(c.DataDir))
                {
                    string name = Path.GetFileName(file);
                    bool keep = !name.StartsWith("input_", StringComparison.Ordinal) || int.Parse(name.Substring(6, name.Length - 9), System.Globalization.CultureInfo.InvariantCulture) < kept;
                    if (keep) File.Copy(file, Path.Combine(data, name));
                }
                var compiled = ModelCompiler.Compile(bytes, new CompileOptions("Model", "Variants.V" + i, paths[i], "ModelGen.v" + i + ".onnx", new Dictionary<string, long>()));
                if (compiled.Success) units.Add(new BatchUnit("V" + i, compiled.Sources));
                else failures.Add(c.Id + " does not compile: " + string.Join("; ", compiled.Problems));
            }
            var batch = InMemoryBatch.Compile(units, "Variants");
            foreach (var error in batch.Errors) failures.Add(variants[int.Parse(error.Key.Substring(1), System.Globalization.CultureInfo.InvariantCulture)].Case.Id + ": C# errors: " + error.Value);
            for (int i = 0; i < variants.Count; i++)
            {
                if (batch.Assembly == null || !units.Any(u => u.Key == "V" + i) || batch.Errors.ContainsKey("V" + i)) continue;
                var model = InMemoryBatch.Load(batch.Assembly, "Variants.V" + i + ".Model", paths[i]);
                var result = TestDataRunner.Run(model, Path.Combine(Path.GetDirectoryName(paths[i])!, "test_data_set_0"), ConformanceSuite.RTol, ConformanceSuite.ATol, TimeSpan.FromSeconds(60));
                if (!result.Pass) failures.Add(variants[i].Case.Id + ":\n" + result.Report);
            }
            _output.WriteLine(variants.Count + " variants, " + failures.Count + " failures");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
    }
}
