using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Packaging
{
    /// <summary>
    /// The package as a user meets it: `dotnet pack` of the ModelGen package into a folder feed, then a fresh console
    /// project outside the repository with one PackageReference and one AdditionalFiles line (the sample's digit model),
    /// restored into an empty packages folder (so it gets this build's package, never a cached one), built and run.
    /// Its printed probabilities must match ONNX Runtime's on the same input, with the weights embedded (the default)
    /// and with Weights="file" (nothing embedded, the .onnx copied beside the app).
    /// </summary>
    [Collection(DotnetChild.Collection)]
    public sealed class PackageConsumerTest
    {
        private readonly ITestOutputHelper _output;

        public PackageConsumerTest(ITestOutputHelper output)
        {
            _output = output;
        }

        private const string Project = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""ModelGen"" Version=""{0}"" />
    <AdditionalFiles Include=""digits.onnx""{1} />
  </ItemGroup>
</Project>
";

        // The class Digits is generated from digits.onnx, in the project's root namespace.
        private const string Program = @"var model = new Consumer.Digits();
var pixels = new float[Consumer.Digits.PixelsLength];
for (int i = 0; i < pixels.Length; i++) pixels[i] = (i % 17) / 16f;
var p = new float[Consumer.Digits.ProbabilitiesLength];
model.Predict(pixels, p);
System.Console.WriteLine(""embedded resources: "" + typeof(Consumer.Digits).Assembly.GetManifestResourceNames().Length);
System.Console.WriteLine(""probabilities: "" + string.Join("" "", System.Array.ConvertAll(p, v => v.ToString(""R"", System.Globalization.CultureInfo.InvariantCulture))));
";

        [Fact]
        public void A_fresh_project_with_one_PackageReference_builds_and_predicts_what_OnnxRuntime_predicts()
        {
            string root = Path.Combine(Path.GetTempPath(), "modelgen-package-" + Guid.NewGuid().ToString("N"));
            string feed = Path.Combine(root, "feed"), app = Path.Combine(root, "Consumer");
            Directory.CreateDirectory(feed);
            Directory.CreateDirectory(app);
            try
            {
                string runtime = Path.Combine(TestPaths.RepoRoot, "src", "ModelGen.Runtime", "ModelGen.Runtime.csproj");
                var pack = DotnetChild.Run(TestPaths.RepoRoot, new[] { "pack", runtime, "-c", "Release", "-o", feed, "-nodeReuse:false", "-nologo" }, TimeSpan.FromMinutes(10));
                _output.WriteLine("dotnet pack: exit " + pack.ExitCode + " in " + Seconds(pack.Elapsed));
                Assert.True(pack.ExitCode == 0 && !pack.TimedOut, "dotnet pack failed:" + Environment.NewLine + pack.Output);
                var package = Directory.GetFiles(feed, "ModelGen.*.nupkg").Single();
                string version = Path.GetFileNameWithoutExtension(package).Substring("ModelGen.".Length);
                _output.WriteLine("package: " + Path.GetFileName(package) + ", " + new FileInfo(package).Length + " bytes");

                string model = Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "Models", "digits.onnx");
                File.Copy(model, Path.Combine(app, "digits.onnx"));
                File.WriteAllText(Path.Combine(app, "Consumer.csproj"), string.Format(CultureInfo.InvariantCulture, Project, version, ""));
                File.WriteAllText(Path.Combine(app, "Program.cs"), Program);
                // The folder feed beside the machine's own sources (they serve the package's dependency, System.Numerics.Tensors).
                File.WriteAllText(Path.Combine(app, "nuget.config"),
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <add key=\"modelgen-local\" value=\"" + feed + "\" />\n  </packageSources>\n</configuration>\n");
                var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
                var expected = OnnxRuntimeProbabilities(model);
                RunAndCheck(app, env, expected, embedded: 1);

                // Weights="file": nothing embedded, the model copied beside the app, where the default constructor reads it.
                File.WriteAllText(Path.Combine(app, "Consumer.csproj"), string.Format(CultureInfo.InvariantCulture, Project, version, " Weights=\"file\""));
                RunAndCheck(app, env, expected, embedded: 0);
                Assert.True(File.Exists(Path.Combine(app, "bin", "Release", "net10.0", "digits.onnx")), "Weights=\"file\" did not copy the model beside the app");
            }
            finally
            {
                try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>`dotnet run` of the consumer: no warning, the expected number of embedded resources, ONNX Runtime's probabilities.</summary>
        private void RunAndCheck(string app, Dictionary<string, string> env, float[] expected, int embedded)
        {
            var run = DotnetChild.Run(app, new[] { "run", "-c", "Release", "-nodeReuse:false" }, TimeSpan.FromMinutes(10), env);
            _output.WriteLine("dotnet run: exit " + run.ExitCode + " in " + Seconds(run.Elapsed));
            _output.WriteLine(run.Output);
            Assert.True(run.ExitCode == 0 && !run.TimedOut, "the consumer failed:" + Environment.NewLine + run.Output);
            Assert.DoesNotContain("warning", run.Output, StringComparison.OrdinalIgnoreCase);
            var lines = run.Output.Split('\n').Select(l => l.Trim()).ToList();
            Assert.Contains("embedded resources: " + embedded, lines);
            string line = lines.Single(l => l.StartsWith("probabilities: ", StringComparison.Ordinal));
            var got = line.Substring("probabilities: ".Length).Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected.Length, got.Length);
            for (int i = 0; i < got.Length; i++)
                Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-6 + 1e-3 * Math.Abs(expected[i]), "class " + i + ": " + got[i] + " vs ONNX Runtime " + expected[i]);
        }

        /// <summary>ONNX Runtime's probabilities for the consumer's input (pixel i = (i mod 17) / 16).</summary>
        private static float[] OnnxRuntimeProbabilities(string model)
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1 };
            using var session = new InferenceSession(model, options);
            var meta = session.InputMetadata.Single();
            var dims = meta.Value.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
            var pixels = new float[dims.Aggregate(1, (a, b) => a * b)];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (i % 17) / 16f;
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(meta.Key, new DenseTensor<float>(pixels, dims)) });
            return results.First().AsEnumerable<float>().ToArray();
        }

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
    }
}
