using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Fuzzing.Stress;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// CI's short slice of `campaign --mode stress`: 8 threads on 8 instances of mnist-8 for a few seconds per way of
    /// sharing them, every output bit-identical to the serial run, no deadlock, the managed heap flat. The long run
    /// (5 minutes) is the command's; its figures are in docs/reliability/determinism-and-stress.md.
    /// </summary>
    [Collection(StressCollection.Name)]
    public sealed class ConcurrencyStressTests
    {
        /// <summary>Managed heap growth allowed over a phase (after a full GC at both ends): Predict allocates nothing, so any leak per call would pass this in seconds.</summary>
        private const long MaxGrowthBytes = 4L << 20;

        private readonly ITestOutputHelper _output;

        public ConcurrencyStressTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [SharedDataTheory]
        [InlineData("pool")]
        [InlineData("shared")]
        public void Eight_threads_on_eight_instances_match_the_serial_run(string sharing)
        {
            var options = StressOptions.Parse(new Dictionary<string, string>
            {
                ["--model"] = TestPaths.SharedModel("mnist-8"),
                ["--seconds"] = "5",
                ["--sample-seconds"] = "1",
                ["--sharing"] = sharing,
            });
            var model = StressModel.Load(options.ModelDirectory, options.InputCount, options.Seed);
            var answers = model.SerialAnswers();
            var log = new StringWriter();
            var phase = StressRun.Run(model, answers, options, sharing, log);
            _output.WriteLine(log.ToString());
            _output.WriteLine(StressRun.Describe(phase, options));

            Assert.Equal(8, answers.Length);
            Assert.True(phase.Calls >= 8, "only " + phase.Calls + " calls in " + phase.Wall);
            Assert.Empty(phase.Errors);
            Assert.False(phase.Deadlocked, "no call finished for " + options.Watchdog);
            Assert.True(phase.Differences == 0, phase.Differences + " outputs differ from the serial run; " + phase.FirstDifference);
            Assert.True(phase.ManagedGrowth < MaxGrowthBytes, "the managed heap grew by " + phase.ManagedGrowth + " bytes");
            // Predict into preallocated outputs allocates nothing; the loop around it nothing either.
            Assert.True(phase.WorkerAllocatedBytes / phase.Calls < 64, phase.WorkerAllocatedBytes + " bytes allocated by the workers over " + phase.Calls + " calls");
        }

        [SharedDataFact]
        public void The_stress_inputs_give_distinct_answers_and_mnist_knows_its_test_data()
        {
            // The comparison is only worth something when the inputs differ: 8 sets, 8 different answers.
            var model = StressModel.Load(TestPaths.SharedModel("mnist-8"), 8, 1);
            var answers = model.SerialAnswers();
            Assert.Equal(8, answers.Select(a => Convert.ToHexString(a[0])).Distinct().Count());
            // And the serial answer itself is right: test_data_set_0's output, within the model's tolerance.
            var expected = ModelGen.Compiler.Reading.TensorFile.Read(File.ReadAllBytes(Path.Combine(TestPaths.SharedModel("mnist-8"), "test_data_set_0", "output_0.pb")));
            var want = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected.Raw).ToArray();
            var got = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(answers[0][0]).ToArray();
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) <= 1e-5 + 1e-3 * Math.Abs(want[i]), "output[" + i + "] " + got[i] + " vs " + want[i]);
        }

        [SharedDataFact]
        public void The_generated_class_documents_that_one_instance_may_be_shared_between_threads()
        {
            // The "shared" phase relies on this promise; if the docs change, the stress must change with them.
            string path = Path.Combine(TestPaths.SharedModel("mnist-8"), "model.onnx");
            var result = ModelCompiler.Compile(File.ReadAllBytes(path), new CompileOptions("M", "N", path, "ModelGen.model.onnx", new Dictionary<string, long>()));
            Assert.True(result.Success);
            string main = result.Sources.Single(s => s.HintName == "M.g.cs").Text;
            Assert.Contains("<c>Predict</c> on one instance is safe from", main, StringComparison.Ordinal);
            Assert.Contains("several threads: calls are serialised by a lock.", main, StringComparison.Ordinal);
            Assert.Contains("lock (_gate)", string.Concat(result.Sources.Select(s => s.Text)), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The stress measures the whole process (managed heap after a full GC, runnable threads): it runs alone, after the
    /// parallel collections, so that other tests' allocations and threads are not counted as its own.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class StressCollection
    {
        public const string Name = "concurrency stress (alone)";
    }
}
