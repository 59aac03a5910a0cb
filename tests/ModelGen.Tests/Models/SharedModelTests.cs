using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Cli.Conformance;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Models
{
    /// <summary>
    /// The four real models in ../shared/models, compiled in memory (ONNX → C# → one Release assembly) and run through
    /// ICompiledModel on their test data sets: rtol 1e-3, atol 1e-5, as their SOURCE.md files suggest.
    /// </summary>
    public sealed class SharedModelTests
    {
        public const double RTol = 1e-3;
        public const double ATol = 1e-5;

        /// <summary>A model as the tests compile it: folder under ../shared/models, class name, build-time dim bindings.</summary>
        private sealed record Entry(string Key, string Folder, string ClassName, string Dims, int DataSets, string[] SymbolicDims);

        private static readonly Entry[] s_entries =
        {
            new Entry("mnist-8", "mnist-8", "Mnist", "", 3, Array.Empty<string>()),
            // batch_size left symbolic: bound to 1 at run time from the input's dims.
            new Entry("super-resolution-10", "super-resolution-10", "SuperResolution", "", 1, new[] { "batch_size" }),
            // batch_size pinned at build time, as the build-integration project does (Dims="batch_size=1").
            new Entry("super-resolution-10 (batch_size=1 pinned)", "super-resolution-10", "SuperResolutionPinned", "batch_size=1", 1, Array.Empty<string>()),
            // N left symbolic: bound to 16 at run time from the input's dims.
            new Entry("tflm-hello-world-sine", "tflm-hello-world-sine", "Sine", "", 1, new[] { "N" }),
            new Entry("ultraface-version-RFB-320", "ultraface-version-RFB-320", "UltraFace", "", 1, Array.Empty<string>()),
        };

        private sealed class Compiled
        {
            public Dictionary<string, CompileResult> Results { get; } = new Dictionary<string, CompileResult>(StringComparer.Ordinal);
            public BatchResult Batch { get; set; } = null!;
        }

        private static readonly Lazy<Compiled> s_compiled = new Lazy<Compiled>(() =>
        {
            var compiled = new Compiled();
            var units = new List<BatchUnit>();
            foreach (var e in s_entries)
            {
                string path = ModelPath(e);
                var dims = CompileOptions.ParseDims(e.Dims, new List<string>());
                var result = ModelCompiler.Compile(File.ReadAllBytes(path), new CompileOptions(e.ClassName, "SharedModels", path, "ModelGen." + e.ClassName + ".onnx", dims));
                compiled.Results[e.Key] = result;
                if (result.Success) units.Add(new BatchUnit(e.ClassName, result.Sources));
            }
            compiled.Batch = InMemoryBatch.Compile(units, "SharedModels");
            return compiled;
        });

        private readonly ITestOutputHelper _output;

        public SharedModelTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static IEnumerable<object[]> DataSets() =>
            s_entries.SelectMany(e => Enumerable.Range(0, e.DataSets).Select(i => new object[] { e.Key, i }));

        [SharedDataTheory]
        [MemberData(nameof(DataSets))]
        public void Model_matches_its_test_data(string model, int dataSet)
        {
            var entry = s_entries.Single(e => e.Key == model);
            var compiled = s_compiled.Value;
            var result = compiled.Results[model];
            Assert.True(result.Success, model + " does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, result.Problems));
            Assert.False(compiled.Batch.Errors.TryGetValue(entry.ClassName, out string? csharp),
                model + ": the generated C# does not compile (a ModelGen emitter bug):" + Environment.NewLine + csharp);
            Assert.NotNull(compiled.Batch.Assembly);

            var instance = InMemoryBatch.Load(compiled.Batch.Assembly!, "SharedModels." + entry.ClassName, ModelPath(entry));
            Assert.Equal(entry.SymbolicDims, instance.Info.SymbolicDims.ToArray());
            string dataDir = Path.Combine(TestPaths.SharedModel(entry.Folder), "test_data_set_" + dataSet);
            var run = TestDataRunner.Run(instance, dataDir, RTol, ATol, TimeSpan.FromMinutes(2));
            _output.WriteLine(model + " test_data_set_" + dataSet + " (rtol " + RTol + ", atol " + ATol + "):");
            _output.WriteLine(run.Report);
            foreach (var o in run.Outputs)
                _output.WriteLine("  " + o.Name + " " + o.Shape + ": max abs error " + TestDataRunner.G(o.MaxAbsError) + ", max rel error " + TestDataRunner.G(o.MaxRelError) + (o.Pass ? " PASS" : " FAIL"));
            Assert.True(run.Failure == null, model + " test_data_set_" + dataSet + ": " + run.Failure + Environment.NewLine + run.Report);
            Assert.True(run.Pass, model + " test_data_set_" + dataSet + " is outside rtol " + RTol + " / atol " + ATol + ":" + Environment.NewLine + run.Report);
            Assert.Equal(instance.Info.Outputs.Count, run.Outputs.Count);
            Assert.All(run.Outputs, o => Assert.True(!double.IsNaN(o.MaxAbsError) && !double.IsNaN(o.MaxRelError), o.Name + " has NaN errors"));
        }

        private static string ModelPath(Entry e) => Path.Combine(TestPaths.SharedModel(e.Folder), "model.onnx");
    }
}
