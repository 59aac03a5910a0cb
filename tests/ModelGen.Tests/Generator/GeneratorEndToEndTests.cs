using System;
using System.Linq;
using System.Reflection;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>The generator on a small MatMul → Add → Relu model, from .onnx file to results.</summary>
    public sealed class GeneratorEndToEndTests
    {
        [Fact]
        public void GeneratedCodeCompilesWithoutAnyDiagnostic()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var run = GeneratorHarness.Run(GenModels.CallsSource(), new[] { new ModelItem(path) });

            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            Assert.Equal(new[] { "TinyNet.Predict.g.cs", "TinyNet.Run.g.cs", "TinyNet.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void ClassIsNamedFromTheFileInTheRootNamespace()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var run = GeneratorHarness.Run("", new[] { new ModelItem(path) }, rootNamespace: "My.Root");

            var type = run.Output.GetTypeByMetadataName("My.Root.TinyNet");
            Assert.NotNull(type);
            Assert.Contains(type!.AllInterfaces, i => i.ToDisplayString() == "ModelGen.Runtime.ICompiledModel");
            Assert.Equal(4, ConstOf(run.Load().GetType("My.Root.TinyNet")!, "XLength"));
            Assert.Equal(3, ConstOf(run.Load().GetType("My.Root.TinyNet")!, "YLength"));
        }

        [Fact]
        public void PredictMatchesTheHandComputation()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var calls = LoadCalls(GenModels.CallsSource(), path);
            var predict = GenModels.Bind<Func<float[], float[]>>(calls.GetType(), calls, "Predict");

            for (int seed = 0; seed < 5; seed++)
            {
                var x = GenModels.Input(1, seed);
                GenModels.AssertClose(GenModels.Expected(x), predict(x));
            }
            // The inputs exercise both sides of the Relu.
            var all = Enumerable.Range(0, 5).SelectMany(s => GenModels.Expected(GenModels.Input(1, s))).ToArray();
            Assert.Contains(0f, all);
            Assert.Contains(all, v => v > 0.5f);
        }

        [Fact]
        public void AllocatingPredictReturnsATensorOfTheOutputShape()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var calls = LoadCalls(GenModels.CallsSource(), path);
            var allocating = GenModels.Bind<AllocatingCall>(calls.GetType(), calls, "Allocating");

            var x = GenModels.Input(1, 3);
            var values = allocating(x, out long[] shape);

            Assert.Equal(new long[] { 1, 3 }, shape);
            GenModels.AssertClose(GenModels.Expected(x), values);
        }

        [Fact]
        public void ClassNameAndNamespaceMetadataOverrideTheDefaults()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var run = GeneratorHarness.Run(GenModels.CallsSource("global::My.Models.Custom"),
                new[] { new ModelItem(path, ClassName: "Custom", Namespace: "My.Models") });

            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            Assert.NotNull(run.Output.GetTypeByMetadataName("My.Models.Custom"));
            Assert.Null(run.Output.GetTypeByMetadataName("TestApp.TinyNet"));
            Assert.All(run.Sources.Keys, k => Assert.StartsWith("Custom.", k));

            var calls = Activator.CreateInstance(run.Load().GetType("TestApp.Calls")!)!;
            var x = GenModels.Input(1, 1);
            GenModels.AssertClose(GenModels.Expected(x), GenModels.Bind<Func<float[], float[]>>(calls.GetType(), calls, "Predict")(x));
        }

        [Fact]
        public void OnnxModelAttributeGivesTheUsersClassTheMembers()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            string source = @"
namespace TestApp.Models
{
    [global::ModelGen.Runtime.OnnxModel(""tiny_net.onnx"")]
    public partial class MyNet
    {
        public string Extra => ""mine"";
    }
}
" + GenModels.CallsSource("global::TestApp.Models.MyNet");
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });

            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            Assert.Null(run.Output.GetTypeByMetadataName("TestApp.TinyNet"));
            Assert.Equal(new[] { "MyNet.Predict.g.cs", "MyNet.Run.g.cs", "MyNet.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));

            var assembly = run.Load();
            var myNet = assembly.GetType("TestApp.Models.MyNet")!;
            Assert.True(typeof(ModelGen.Runtime.ICompiledModel).IsAssignableFrom(myNet));
            Assert.Equal(4, ConstOf(myNet, "XLength"));
            var calls = Activator.CreateInstance(assembly.GetType("TestApp.Calls")!)!;
            var x = GenModels.Input(1, 2);
            GenModels.AssertClose(GenModels.Expected(x), GenModels.Bind<Func<float[], float[]>>(calls.GetType(), calls, "Predict")(x));
        }

        internal static object LoadCalls(string source, string modelPath, ModelItem? item = null)
        {
            var run = GeneratorHarness.Run(source, new[] { item ?? new ModelItem(modelPath) });
            Assert.Empty(run.GeneratorDiagnostics);
            return Activator.CreateInstance(run.Load().GetType("TestApp.Calls")!)!;
        }

        internal static int ConstOf(Type type, string name)
        {
            var field = type.GetField(name, BindingFlags.Public | BindingFlags.Static);
            Assert.NotNull(field);
            Assert.True(field!.IsLiteral, name + " should be a const");
            return (int)field.GetRawConstantValue()!;
        }
    }
}
