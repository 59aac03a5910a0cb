using System;
using System.Linq;
using System.Reflection;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>A model with input [N,4] and output [N,3]: N passed at call time, or pinned by Dims metadata.</summary>
    public sealed class SymbolicDimTests
    {
        private const string CallsWithN = @"
namespace TestApp
{
    public sealed class Calls
    {
        private readonly TinyNet _model = new TinyNet();

        public float[] Predict(int n, float[] x)
        {
            var y = new float[n * 3];
            _model.Predict(n, x, y);
            return y;
        }
    }
}
";

        private const string CallsPinned = @"
namespace TestApp
{
    public sealed class Calls
    {
        private readonly TinyNet _model = new TinyNet();

        public float[] Predict(float[] x)
        {
            var y = new float[TinyNet.YLength];
            _model.Predict(x, y);
            return y;
        }
    }
}
";

        [Fact]
        public void DimPassedAtCallTimeGrowsAndShrinksTheArena()
        {
            string path = GenModels.Write(GenModels.TinyNet("N"));
            var run = GeneratorHarness.Run(CallsWithN, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            var assembly = run.Load();
            var calls = Activator.CreateInstance(assembly.GetType("TestApp.Calls")!)!;
            var predict = GenModels.Bind<Func<int, float[], float[]>>(calls.GetType(), calls, "Predict");

            // One instance: 1 row, then 5 (the arena grows), then 2 (smaller than what it holds), then 5 again.
            foreach (int n in new[] { 1, 5, 2, 5, 1 })
            {
                var x = GenModels.Input(n, n);
                var y = predict(n, x);
                Assert.Equal(n * 3, y.Length);
                GenModels.AssertClose(GenModels.Expected(x), y);
            }

            var model = assembly.GetType("TestApp.TinyNet")!;
            Assert.Null(model.GetField("XLength"));
            Assert.Equal(new[] { "N" }, ((ModelGen.Runtime.ModelInfo)model.GetProperty("Info")!.GetValue(null)!).SymbolicDims);
        }

        [Fact]
        public void DimBelowOneIsRejected()
        {
            string path = GenModels.Write(GenModels.TinyNet("N"));
            var run = GeneratorHarness.Run(CallsWithN, new[] { new ModelItem(path) });
            var calls = Activator.CreateInstance(run.Load().GetType("TestApp.Calls")!)!;
            var predict = GenModels.Bind<Func<int, float[], float[]>>(calls.GetType(), calls, "Predict");

            Assert.Throws<ArgumentOutOfRangeException>(() => predict(0, Array.Empty<float>()));
            // A span that does not match the dim given.
            var e = Assert.Throws<ArgumentException>(() => predict(3, GenModels.Input(2)));
            Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
            Assert.Contains("12", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void DimPinnedByMetadataRemovesTheParameter()
        {
            string path = GenModels.Write(GenModels.TinyNet("N"));
            var run = GeneratorHarness.Run(CallsPinned, new[] { new ModelItem(path, Dims: "N=2") });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);

            var assembly = run.Load();
            var model = assembly.GetType("TestApp.TinyNet")!;
            Assert.Equal(8, GeneratorEndToEndTests.ConstOf(model, "XLength"));
            Assert.Equal(6, GeneratorEndToEndTests.ConstOf(model, "YLength"));
            var predicts = model.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "Predict").ToList();
            Assert.Equal(2, predicts.Count);
            Assert.All(predicts, m => Assert.DoesNotContain(m.GetParameters(), p => p.ParameterType == typeof(int)));

            var calls = Activator.CreateInstance(assembly.GetType("TestApp.Calls")!)!;
            var x = GenModels.Input(2, 9);
            GenModels.AssertClose(GenModels.Expected(x), GenModels.Bind<Func<float[], float[]>>(calls.GetType(), calls, "Predict")(x));
        }
    }
}
