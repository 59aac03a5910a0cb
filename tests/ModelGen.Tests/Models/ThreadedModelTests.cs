using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Models
{
    /// <summary>
    /// Whole real models with a thread budget: mnist-8 and ultraface (im2col, pointwise and depthwise convolutions,
    /// Gemm) give the same output bytes with MaxThreads 1, 2 and 4 (4 is capped at the processor count), those bytes
    /// pass the models' test data, and many instances predicting at once with 2 threads each neither deadlock nor differ.
    /// </summary>
    public sealed class ThreadedModelTests
    {
        private sealed record Entry(string Folder, string ClassName);

        private static readonly Entry[] s_entries =
        {
            new Entry("mnist-8", "ThreadedMnist"),
            new Entry("ultraface-version-RFB-320", "ThreadedUltraFace"),
        };

        private static readonly Lazy<BatchResult> s_batch = new Lazy<BatchResult>(() =>
        {
            var units = new List<BatchUnit>();
            foreach (var e in s_entries)
            {
                var result = ModelCompiler.Compile(File.ReadAllBytes(ModelPath(e)), new CompileOptions(e.ClassName, "ThreadedModels", ModelPath(e), "ModelGen." + e.ClassName + ".onnx", new Dictionary<string, long>()));
                Assert.True(result.Success, e.Folder + " does not compile: " + string.Join("; ", result.Problems));
                units.Add(new BatchUnit(e.ClassName, result.Sources));
            }
            return InMemoryBatch.Compile(units, "ThreadedModels");
        });

        private readonly ITestOutputHelper _output;

        public ThreadedModelTests(ITestOutputHelper output) { _output = output; }

        private static string ModelPath(Entry e) => Path.Combine(TestPaths.SharedModel(e.Folder), "model.onnx");

        private static string DataDir(Entry e) => Path.Combine(TestPaths.SharedModel(e.Folder), "test_data_set_0");

        private static ICompiledModel Load(Entry e)
        {
            var batch = s_batch.Value;
            Assert.True(batch.Assembly != null, "the generated C# does not compile: " + string.Join("; ", batch.Errors.Values));
            return InMemoryBatch.Load(batch.Assembly!, "ThreadedModels." + e.ClassName, ModelPath(e));
        }

        private static ReadOnlyMemory<byte>[] Inputs(Entry e)
        {
            var inputs = new List<ReadOnlyMemory<byte>>();
            for (int i = 0; File.Exists(Path.Combine(DataDir(e), "input_" + i + ".pb")); i++)
                inputs.Add(TensorFile.Read(File.ReadAllBytes(Path.Combine(DataDir(e), "input_" + i + ".pb"))).Raw);
            return inputs.ToArray();
        }

        private static byte[][] Predict(ICompiledModel model, ReadOnlyMemory<byte>[] inputs) =>
            model.Run(ReadOnlySpan<int>.Empty, inputs).Select(b => b.Bytes).ToArray();

        [SharedDataTheory]
        [InlineData("mnist-8")]
        [InlineData("ultraface-version-RFB-320")]
        public void Outputs_are_bit_identical_for_1_2_and_4_threads_and_match_the_test_data(string folder)
        {
            var entry = s_entries.Single(e => e.Folder == folder);
            var model = Load(entry);
            Assert.Equal(1, ((IThreadedModel)model).MaxThreads); // the build's default: the calling thread only
            var inputs = Inputs(entry);
            var single = Predict(model, inputs);
            foreach (int threads in new[] { 2, 4, 1, 2 })
            {
                ((IThreadedModel)model).MaxThreads = threads;
                var outputs = Predict(model, inputs);
                Assert.Equal(single.Length, outputs.Length);
                for (int o = 0; o < single.Length; o++)
                    Assert.True(single[o].AsSpan().SequenceEqual(outputs[o]), folder + " output " + o + " with " + threads + " threads differs from one thread");
            }
            ((IThreadedModel)model).MaxThreads = 2;
            var run = TestDataRunner.Run(model, DataDir(entry), SharedModelTests.RTol, SharedModelTests.ATol, TimeSpan.FromMinutes(2));
            _output.WriteLine(run.Report);
            Assert.True(run.Pass, folder + " with 2 threads is outside its test data's tolerance: " + run.Failure + Environment.NewLine + run.Report);
        }

        [SharedDataFact]
        public async Task Many_instances_predicting_at_once_with_two_threads_each_finish_with_the_same_outputs()
        {
            var entry = s_entries[0];
            var inputs = Inputs(entry);
            var expected = Predict(Load(entry), inputs);
            var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                var model = Load(entry);
                ((IThreadedModel)model).MaxThreads = 2;
                for (int i = 0; i < 40; i++)
                {
                    var outputs = Predict(model, inputs);
                    if (!outputs.Zip(expected).All(p => p.First.AsSpan().SequenceEqual(p.Second))) return false;
                }
                return true;
            })).ToArray();
            var all = Task.WhenAll(tasks);
            Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(120))) == all, "8 instances × 40 predictions did not finish within 120 s (deadlock?)");
            Assert.All(await all, ok => Assert.True(ok, "an instance's output differed from the single-thread output"));
        }
    }
}
