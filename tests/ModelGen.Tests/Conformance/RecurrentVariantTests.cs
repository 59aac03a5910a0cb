using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// RNN, LSTM and GRU in forms ONNX's backend tests do not take (all of them are forward, float and opset 22):
    /// each test_rnn_*, test_simple_rnn_*, test_lstm_* and test_gru_* rebuilt with W, R, B, … as initializers; with
    /// symbolic sequence (and, where no input is sized by it, batch) dims; with float16 and double data; reversed
    /// (direction="reverse" over X flipped in time gives the same Y_h); and bidirectional with both directions'
    /// weights equal on one-step sequences (where reversing changes nothing, so Y_h is the forward Y_h twice).
    /// Every expected output is derived from the backend test's own, so the answers stay ONNX's.
    /// </summary>
    public sealed class RecurrentVariantTests
    {
        private readonly ITestOutputHelper _output;

        public RecurrentVariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private sealed record Variant(string Name, byte[] Model, TensorFileData X, TensorFileData[] Outputs, double RTol);

        [SharedDataFact]
        public void Rebuilt_backend_tests_match_the_expected_outputs()
        {
            string[] prefixes = { "test_rnn_", "test_simple_rnn_", "test_lstm_", "test_gru_" };
            var cases = BackendManifest.All.Where(c => c.Suite == "node" && prefixes.Any(p => c.Test.StartsWith(p, StringComparison.Ordinal))).ToList();
            Assert.True(cases.Count >= 12, "only " + cases.Count + " recurrent backend tests found");
            var variants = cases.SelectMany(Variants).ToList();

            var failures = VariantBatch.Run(variants.Select(v => new VariantBatch.Entry(v.Name, v.Model, new[] { v.X }, v.Outputs, v.RTol)).ToList(), "Recurrent");
            _output.WriteLine(variants.Count + " variants of " + cases.Count + " backend tests, " + failures.Count + " failed");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>The rebuilt forms of one backend test.</summary>
        private static IEnumerable<Variant> Variants(BackendCase c)
        {
            var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(c.ModelPath));
            var x = Read(c, "input_0.pb");
            var outputs = Enumerable.Range(0, original.Graph.Output.Count).Select(o => Read(c, "output_" + o + ".pb")).ToArray();
            var node = original.Graph.Node.Single();
            bool batchMajor = node.Attribute.Any(a => a.Name == "layout" && a.I == 1);
            // sequence_lens, initial_h, initial_c and P are sized by the batch or add no direction axis to duplicate.
            bool onlyWeights = node.Input.Count <= 4;
            var constant = Constants(c, original, ElementType.Float, 1);
            yield return new Variant(c.Test + " (initializers)", constant.ToByteArray(), x, outputs, ConformanceSuite.RTol);

            var symbolic = constant.Clone();
            var dims = symbolic.Graph.Input[0].Type.TensorType.Shape.Dim;
            int seqAxis = batchMajor ? 1 : 0;
            dims[seqAxis] = new TensorShapeProto.Types.Dimension { DimParam = "seq" };
            if (onlyWeights) dims[1 - seqAxis] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
            foreach (var o in symbolic.Graph.Output) o.Type.TensorType.Shape = null;
            yield return new Variant(c.Test + " (symbolic dims)", symbolic.ToByteArray(), x, outputs, ConformanceSuite.RTol);

            // float16 data rounds the inputs, so the outputs move by a few float16 units.
            yield return new Variant(c.Test + " (float16)", Constants(c, original, ElementType.Float16, 1).ToByteArray(),
                Convert(x, ElementType.Float16), outputs.Select(o => Convert(o, ElementType.Float16)).ToArray(), 1e-2);
            yield return new Variant(c.Test + " (double)", Constants(c, original, ElementType.Double, 1).ToByteArray(),
                Convert(x, ElementType.Double), outputs.Select(o => Convert(o, ElementType.Double)).ToArray(), ConformanceSuite.RTol);

            bool onlyYh = original.Graph.Output.Count == 1 && original.Graph.Output[0].Name == "Y_h";
            if (!onlyYh || batchMajor || !onlyWeights) yield break;
            var reverse = constant.Clone();
            SetDirection(reverse, "reverse");
            yield return new Variant(c.Test + " (reverse over X flipped)", reverse.ToByteArray(), FlipTime(x), outputs, ConformanceSuite.RTol);

            if (x.Dims[0] != 1) yield break;
            var both = Constants(c, original, ElementType.Float, 2);
            SetDirection(both, "bidirectional");
            var yh = outputs[0];
            var twice = new TensorFileData(yh.Name, yh.Type, new[] { 2L }.Concat(yh.Dims.Skip(1)).ToArray(), yh.Raw.Concat(yh.Raw).ToArray());
            yield return new Variant(c.Test + " (bidirectional, one step)", both.ToByteArray(), x, new[] { twice }, ConformanceSuite.RTol);
        }

        /// <summary>
        /// The model as <paramref name="type"/> with every graph input but X turned into an initializer holding its
        /// test data; float ones converted, and repeated <paramref name="copies"/> times along their direction axis.
        /// </summary>
        private static ModelProto Constants(BackendCase c, ModelProto original, ElementType type, int copies)
        {
            var model = original.Clone();
            var graph = model.Graph;
            for (int i = graph.Input.Count - 1; i >= 1; i--)
            {
                var t = Read(c, "input_" + i + ".pb");
                if (t.Type == ElementType.Float) t = Convert(t, type);
                var raw = Enumerable.Repeat(t.Raw, copies).SelectMany(r => r).ToArray();
                var tensor = new TensorProto { Name = graph.Input[i].Name, DataType = (int)t.Type, RawData = ByteString.CopyFrom(raw) };
                tensor.Dims.Add(t.Dims.Select((d, k) => k == 0 ? d * copies : d));
                graph.Initializer.Add(tensor);
                graph.Input.RemoveAt(i);
            }
            graph.Input[0].Type.TensorType.ElemType = (int)type;
            foreach (var o in graph.Output)
            {
                o.Type.TensorType.ElemType = (int)type;
                if (copies != 1) o.Type.TensorType.Shape = null;
            }
            return model;
        }

        private static void SetDirection(ModelProto m, string direction)
        {
            var node = m.Graph.Node[0];
            var existing = node.Attribute.FirstOrDefault(a => a.Name == "direction");
            if (existing != null) node.Attribute.Remove(existing);
            node.Attribute.Add(new AttributeProto { Name = "direction", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(direction) });
        }

        /// <summary>X [seq, batch, input] with its time steps in reverse order.</summary>
        private static TensorFileData FlipTime(TensorFileData x)
        {
            int seq = (int)x.Dims[0], step = x.Raw.Length / seq;
            var raw = new byte[x.Raw.Length];
            for (int t = 0; t < seq; t++) Array.Copy(x.Raw, t * step, raw, (seq - 1 - t) * step, step);
            return new TensorFileData(x.Name, x.Type, x.Dims, raw);
        }

        /// <summary>Float data as <paramref name="type"/>: rounded to nearest (float16) or widened (double).</summary>
        private static TensorFileData Convert(TensorFileData t, ElementType type)
        {
            if (type == t.Type) return t;
            var values = t.ToTensorData().AsDouble();
            byte[] raw = type == ElementType.Float16
                ? values.SelectMany(v => BitConverter.GetBytes((Half)(float)v)).ToArray()
                : values.SelectMany(BitConverter.GetBytes).ToArray();
            return new TensorFileData(t.Name, type, t.Dims, raw);
        }

        private static TensorFileData Read(BackendCase c, string file) => TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, file)));
    }
}
