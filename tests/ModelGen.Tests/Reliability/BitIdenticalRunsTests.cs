using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using ModelGen.Fuzzing.Stress;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// Single-threaded Predict is bit-for-bit reproducible: 50 runs in this process on one instance and on fresh ones,
    /// and a second process (the fuzzing tool's stress command, which prints the SHA-256 of its serial answers).
    /// </summary>
    public sealed class BitIdenticalRunsTests
    {
        private const int Runs = 50;

        private readonly ITestOutputHelper _output;

        public BitIdenticalRunsTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [SharedDataTheory]
        [InlineData("mnist-8")]
        [InlineData("ultraface-version-RFB-320")]
        public void Fifty_runs_in_one_process_are_bit_identical(string folder)
        {
            // ultraface takes about 0.2 s a run here: one input set keeps its 50 runs near 10 s.
            var model = StressModel.Load(TestPaths.SharedModel(folder), folder.StartsWith("mnist", StringComparison.Ordinal) ? 2 : 1, 3);
            var first = model.SerialAnswers();
            var instance = model.NewInstance();
            for (int run = 0; run < Runs; run++)
            {
                // Mostly the same instance (its arena reused), every tenth run a fresh one.
                var current = run % 10 == 9 ? model.NewInstance() : instance;
                for (int k = 0; k < model.Inputs.Count; k++)
                {
                    var outputs = current.Run(model.Inputs[k].Dims, model.Inputs[k].Inputs);
                    Assert.Equal(first[k].Length, outputs.Length);
                    for (int o = 0; o < outputs.Length; o++) AssertBits(first[k][o], outputs[o].Bytes, folder + " run " + run + ", input " + k + ", output " + o);
                }
            }
            _output.WriteLine(folder + ": " + Runs + " runs x " + model.Inputs.Count + " inputs bit-identical; digest " + StressModel.Digest(first));
        }

        [SharedDataFact]
        public void A_second_process_gives_the_same_bits()
        {
            string folder = TestPaths.SharedModel("mnist-8");
            var model = StressModel.Load(folder, 8, 1);
            string digest = StressModel.Digest(model.SerialAnswers());

            // The tool as its own process (the build copies it, with its runtimeconfig and deps files, beside the tests).
            string bin = AppContext.BaseDirectory;
            string tool = Path.Combine(bin, "ModelGen.Fuzzing.dll");
            Assert.True(File.Exists(tool), "missing " + tool);
            var child = DotnetChild.Run(bin, new[]
            {
                tool, "campaign", "--mode", "stress", "--model", folder, "--inputs", "8", "--seed", "1", "--seconds", "0",
            }, TimeSpan.FromMinutes(3));
            _output.WriteLine(child.Output);
            Assert.False(child.TimedOut, "the child process timed out");
            Assert.True(child.ExitCode == 0, "exit " + child.ExitCode + ":\n" + child.Output);
            Assert.Contains("serial digest " + digest, child.Output, StringComparison.Ordinal);
        }

        private static void AssertBits(byte[] expected, byte[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            if (expected.AsSpan().SequenceEqual(actual)) return;
            var e = MemoryMarshal.Cast<byte, int>(expected);
            var a = MemoryMarshal.Cast<byte, int>(actual);
            int i = 0;
            while (i < e.Length && e[i] == a[i]) i++;
            Assert.Fail(what + ": element " + i + " has bits " + (i < a.Length ? a[i].ToString("X8") : "?") + ", the first run's " + (i < e.Length ? e[i].ToString("X8") : "?"));
        }
    }
}
