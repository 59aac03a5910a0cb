using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>The generated class's contract: span checks, loading weights from a file, one instance shared by threads.</summary>
    public sealed class GeneratedApiTests
    {
        private const float Sentinel = -12345.5f;

        [Fact]
        public void WrongSizedInputThrowsNamingTheTensorAndLeavesTheOutputUntouched()
        {
            var calls = GeneratorEndToEndTests.LoadCalls(GenModels.CallsSource(), GenModels.Write(GenModels.TinyNet(1)));
            var into = GenModels.Bind<Action<float[], float[]>>(calls.GetType(), calls, "PredictInto");

            var y = Enumerable.Repeat(Sentinel, 3).ToArray();
            var e = Assert.Throws<ArgumentException>(() => into(new float[3], y));
            Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
            Assert.Contains("needs 4 elements", e.Message, StringComparison.Ordinal);
            Assert.Equal("x", e.ParamName);
            Assert.All(y, v => Assert.Equal(Sentinel, v));
        }

        [Fact]
        public void WrongSizedOutputThrowsNamingTheTensorAndWritesNothing()
        {
            var calls = GeneratorEndToEndTests.LoadCalls(GenModels.CallsSource(), GenModels.Write(GenModels.TinyNet(1)));
            var into = GenModels.Bind<Action<float[], float[]>>(calls.GetType(), calls, "PredictInto");

            var y = Enumerable.Repeat(Sentinel, 4).ToArray();
            var e = Assert.Throws<ArgumentException>(() => into(GenModels.Input(1), y));
            Assert.Contains("'y'", e.Message, StringComparison.Ordinal);
            Assert.Contains("needs 3 elements", e.Message, StringComparison.Ordinal);
            Assert.Equal("y", e.ParamName);
            Assert.All(y, v => Assert.Equal(Sentinel, v));
        }

        [Fact]
        public void PredictAllocatesNothingEvenInADebugBuild()
        {
            // The harness compiles the generated code without optimisation, where array-literal spans would be heap arrays.
            var calls = GeneratorEndToEndTests.LoadCalls(GenModels.CallsSource(), GenModels.Write(GenModels.TinyNet(1)));
            var into = GenModels.Bind<Action<float[], float[]>>(calls.GetType(), calls, "PredictInto");
            var x = GenModels.Input(1);
            var y = new float[3];
            for (int i = 0; i < 100; i++) into(x, y);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) into(x, y);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            GenModels.AssertClose(GenModels.Expected(x), y);
        }

        [Fact]
        public void FromFileWithTheCompiledFileWorks()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var calls = GeneratorEndToEndTests.LoadCalls(GenModels.CallsSource(), path);
            var fromFile = GenModels.Bind<Func<string, float[], float[]>>(calls.GetType(), null, "FromFile");

            // A copy elsewhere: the weights come from the file named, not from the embedded resource.
            string copy = GenModels.Write(File.ReadAllBytes(path), "copy.onnx");
            var x = GenModels.Input(1, 4);
            GenModels.AssertClose(GenModels.Expected(x), fromFile(copy, x));
        }

        [Fact]
        public void FromFileWithADifferentModelThrows()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var calls = GeneratorEndToEndTests.LoadCalls(GenModels.CallsSource(), path);
            var fromFile = GenModels.Bind<Func<string, float[], float[]>>(calls.GetType(), null, "FromFile");

            // Same length, one weight changed: only the content hash tells them apart.
            var weights = (float[])GenModels.W.Clone();
            weights[5] = 7f;
            string sameLength = GenModels.Write(GenModels.TinyNet(1, weights), "other.onnx");
            Assert.Equal(new FileInfo(path).Length, new FileInfo(sameLength).Length);
            Assert.Throws<ArgumentException>(() => fromFile(sameLength, GenModels.Input(1)));

            // A different length.
            string longer = GenModels.Write(GenModels.TinyNet(2), "longer.onnx");
            Assert.Throws<ArgumentException>(() => fromFile(longer, GenModels.Input(1)));
        }

        [Fact]
        public void ConcurrentPredictOnOneInstanceMatchesSequentialCalls()
        {
            var calls = GeneratorEndToEndTests.LoadCalls(GenModels.CallsSource(), GenModels.Write(GenModels.TinyNet(1)));
            var predict = GenModels.Bind<Func<float[], float[]>>(calls.GetType(), calls, "Predict");

            const int threads = 8, perThread = 200;
            var inputs = new float[threads * perThread][];
            var sequential = new float[inputs.Length][];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = GenModels.Input(1, i + 1).Select((v, k) => v + (i % 17) * 0.125f * (k + 1)).ToArray();
                sequential[i] = predict(inputs[i]);
            }
            var concurrent = new float[inputs.Length][];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int k = 0; k < perThread; k++)
                {
                    int i = t * perThread + k;
                    concurrent[i] = predict(inputs[i]);
                }
            });

            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(sequential[i], concurrent[i]);
                GenModels.AssertClose(GenModels.Expected(inputs[i]), concurrent[i]);
            }
            Assert.True(sequential.Select(s => string.Join(",", s)).Distinct().Count() > 100, "the inputs should give distinct results");
        }
    }
}
