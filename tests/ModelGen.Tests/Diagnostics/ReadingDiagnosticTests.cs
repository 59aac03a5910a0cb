using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Generator;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>MG00xx: files that cannot be read, and model features ModelGen does not support.</summary>
    public sealed class ReadingDiagnosticTests
    {
        [Fact]
        public void MG0001_TruncatedFile()
        {
            var bytes = GenModels.TinyNet(1);
            var (run, path) = DiagnosticRun.Generate(bytes.Take(bytes.Length * 2 / 3).ToArray());
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0001"));
            Assert.Contains("truncated", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void MG0001_RandomBytes()
        {
            var bytes = new byte[4096];
            new Random(12345).NextBytes(bytes);
            var (run, path) = DiagnosticRun.Generate(bytes);
            Assert.Single(DiagnosticRun.Expect(run, path, "MG0001"));
        }

        [Fact]
        public void MG0001_EmptyFile()
        {
            var (run, path) = DiagnosticRun.Generate(Array.Empty<byte>());
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0001"));
            Assert.Contains("empty", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void MG0002_ModelWithoutGraph()
        {
            var bytes = new ModelProto { IrVersion = 8, ProducerName = "test" }.ToByteArray();
            var (run, path) = DiagnosticRun.Generate(bytes);
            Assert.Single(DiagnosticRun.Expect(run, path, "MG0002"));
        }

        [Fact]
        public void MG0003_ExternalDataFileMissing()
        {
            var (run, path) = DiagnosticRun.Generate(ExternalWeights("w.bin"));
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0003"));
            Assert.Contains("'w'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("w.bin", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0004_ExternalDataFilePresent()
        {
            string dir = Infrastructure.TestPaths.NewTempDir();
            var raw = new byte[GenModels.W.Length * 4];
            Buffer.BlockCopy(GenModels.W, 0, raw, 0, raw.Length);
            File.WriteAllBytes(Path.Combine(dir, "w.bin"), raw);
            string path = GenModels.Write(ExternalWeights("w.bin"), "model.onnx", dir);
            var run = Infrastructure.GeneratorHarness.Run("", new[] { new Infrastructure.ModelItem(path) });

            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0004"));
            Assert.Contains("'w'", d.GetMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain(run.GeneratorDiagnostics, x => x.Id == "MG0003");
        }

        [Fact]
        public void MG0006_ExternalDataOutsideTheModelFolder()
        {
            string dir = Infrastructure.TestPaths.NewTempDir();
            string path = GenModels.Write(ExternalWeights("../w.bin"), "model.onnx", dir);
            var run = Infrastructure.GeneratorHarness.Run("", new[] { new Infrastructure.ModelItem(path) });

            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0006"));
            Assert.Contains("'w'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("'../w.bin'", d.GetMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain(run.GeneratorDiagnostics, x => x.Id == "MG0003" || x.Id == "MG0004");
        }

        [Fact]
        public void MG0005_SparseInitializer()
        {
            var bytes = DiagnosticRun.Patch(GenModels.TinyNet(1), m =>
            {
                var sparse = new SparseTensorProto
                {
                    Values = OnnxTensorData.Float("sp", new[] { 1 }, new[] { 2f }),
                    Indices = OnnxTensorData.Int64("sp_indices", new[] { 1 }, new long[] { 3 }),
                };
                sparse.Dims.Add(4);
                m.Graph.SparseInitializer.Add(sparse);
            });
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0005"));
            Assert.Contains("sparse", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The tiny model with initializer 'w' moved to an external file (data_location = EXTERNAL).</summary>
        private static byte[] ExternalWeights(string location) =>
            DiagnosticRun.Patch(GenModels.TinyNet(1), m =>
            {
                var w = m.Graph.Initializer.Single(t => t.Name == "w");
                w.RawData = ByteString.Empty;
                w.DataLocation = TensorProto.Types.DataLocation.External;
                w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
                w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "0" });
                w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = (GenModels.W.Length * 4).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            });
    }
}
