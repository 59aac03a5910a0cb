using System;
using System.Linq;
using Google.Protobuf;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>Runs the generator on one model file and checks the diagnostic it reports.</summary>
    internal static class DiagnosticRun
    {
        /// <summary>Writes <paramref name="bytes"/> as <paramref name="fileName"/> in a fresh folder and runs the generator on it.</summary>
        public static (GeneratorRun Run, string Path) Generate(byte[] bytes, string fileName = "model.onnx", string? dims = null, string? className = null, string? ns = null, string source = "")
        {
            string path = GenModels.Write(bytes, fileName);
            return (GeneratorHarness.Run(source, new[] { new ModelItem(path, className, ns, dims) }), path);
        }

        /// <summary>
        /// Asserts that the generator reported only ModelGen diagnostics, at least one with <paramref name="id"/>,
        /// each located at the .onnx file (and, for problems found while compiling the model, naming the file
        /// in the message); for errors, that no source was generated.
        /// Returns the diagnostics with that id.
        /// </summary>
        public static Diagnostic[] Expect(GeneratorRun run, string path, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error, bool messageNamesFile = true)
        {
            var all = run.GeneratorDiagnostics;
            Assert.All(all, d => Assert.StartsWith("MG", d.Id, StringComparison.Ordinal));
            var found = all.Where(d => d.Id == id).ToArray();
            Assert.True(found.Length > 0, "expected " + id + " but got: " + string.Join(" | ", all.Select(d => d.Id + " " + d.GetMessage())));
            foreach (var d in found)
            {
                Assert.Equal(severity, d.Severity);
                AssertAtFile(d, path);
                if (messageNamesFile) Assert.Contains(System.IO.Path.GetFileName(path), d.GetMessage(), StringComparison.Ordinal);
            }
            if (severity == DiagnosticSeverity.Error) Assert.Empty(run.Sources);
            return found;
        }

        public static void AssertAtFile(Diagnostic d, string path)
        {
            Assert.Equal(LocationKind.ExternalFile, d.Location.Kind);
            Assert.Equal(path, d.Location.GetLineSpan().Path);
        }

        /// <summary>Asserts the message names the node and its op ("Relu node 'r1'").</summary>
        public static void AssertNamesNode(Diagnostic d, string op, string node)
        {
            string message = d.GetMessage();
            Assert.Contains(op, message, StringComparison.Ordinal);
            Assert.Contains("'" + node + "'", message, StringComparison.Ordinal);
        }

        /// <summary>Compiles <paramref name="model"/> and asserts it fails with exactly one problem: <paramref name="id"/>, its message containing <paramref name="text"/>.</summary>
        public static void ExpectSingleProblem(OnnxModelBuilder model, string id, string text)
        {
            var result = ModelCompiler.Compile(model.ToBytes(), CompileOptions.Default);
            Assert.False(result.Success);
            var p = Assert.Single(result.Problems);
            Assert.Equal(id, p.Id);
            Assert.Contains(text, p.Message, StringComparison.Ordinal);
        }

        /// <summary>Parses builder output, lets <paramref name="patch"/> change the protobuf, and serializes it again.</summary>
        public static byte[] Patch(byte[] model, Action<ModelProto> patch)
        {
            var proto = ModelProto.Parser.ParseFrom(model);
            patch(proto);
            return proto.ToByteArray();
        }
    }
}
