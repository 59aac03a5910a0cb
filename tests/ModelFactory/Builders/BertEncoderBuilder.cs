using System;
using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;

namespace ModelGen.ModelFactory
{
    /// <summary>The sizes of a BERT-style encoder.</summary>
    internal sealed record BertOptions(int Layers = 2, int Hidden = 256, int Heads = 4, int Seq = 128, int Vocab = 1000, int Seed = 1)
    {
        public int HeadSize => Hidden / Heads;
        public int Intermediate => 4 * Hidden;
    }

    /// <summary>
    /// A BERT-style encoder written node by node as PyTorch 2.x (TorchScript exporter, opset 17) exports a Hugging Face
    /// BertModel: Gather embeddings plus position embeddings over arange(sequence), then per layer the decomposed LayerNorm
    /// (ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div, Mul γ, Add β), Q/K/V MatMul+Add, Reshape to heads through
    /// Shape/Gather/Unsqueeze/Concat, Transpose [0,2,1,3] (K [0,2,3,1]), MatMul, Div by √d, Add of the extended mask
    /// ((1 − mask)·−10000 via Unsqueeze/Cast/Sub/Mul), Softmax, MatMul with V, Transpose/Reshape back, the output
    /// projection, residual Add, LayerNorm, the FFN with erf-Gelu (Div √2, Erf, Add 1, Mul x, Mul ½), residual Add,
    /// LayerNorm. Inputs input_ids and attention_mask int64[batch, sequence]; output last_hidden_state float[batch, sequence, hidden].
    /// Weights are N(0, 0.02), LayerNorm γ about 1 and β about 0, from one seed.
    /// </summary>
    internal static class BertEncoderBuilder
    {
        public const float Epsilon = 1e-12f;

        public static byte[] Build(BertOptions o)
        {
            if (o.Hidden % o.Heads != 0) throw new ArgumentException("hidden must be a multiple of heads.");
            var w = new Weights(o.Seed);
            var b = new OnnxModelBuilder("bert_encoder", opset: 17);
            b.Producer("pytorch", "2.5.0");
            b.Input("input_ids", ElementType.Int64, new object[] { "batch", "sequence" });
            b.Input("attention_mask", ElementType.Int64, new object[] { "batch", "sequence" });
            var g = new Writer(b);

            // Embeddings: word Gather + position Gather over position_ids[:, :sequence].
            b.Initializer("embeddings.word_embeddings.weight", new[] { o.Vocab, o.Hidden }, w.Normal(o.Vocab * o.Hidden, 0.02));
            b.Initializer("embeddings.position_embeddings.weight", new[] { o.Seq, o.Hidden }, w.Normal(o.Seq * o.Hidden, 0.02));
            // position_ids = torch.arange(sequence)[None, :], as DistilBERT writes it (BERT's sliced position_ids buffer
            // gives [1, min(max_positions, sequence)], which does not provably broadcast against [batch, sequence]).
            string ids = "input_ids";
            string seqLen = g.Node("Gather", g.Node("Shape", ids), g.Index(1));
            string positionIds = g.Node("Unsqueeze", g.Node("Range", g.Index(0), seqLen, g.Index(1)), g.Int64s(0));
            string words = g.Node("Gather", "embeddings.word_embeddings.weight", ids);
            string pos = g.Node("Gather", "embeddings.position_embeddings.weight", positionIds);
            string h = LayerNorm(g, w, "embeddings.LayerNorm", g.Node("Add", words, pos), o.Hidden);

            // The extended mask: (1 − mask[:, None, None, :]) · −10000, in float.
            string mask = g.Node("Unsqueeze", g.Node("Unsqueeze", "attention_mask", g.Int64s(1)), g.Int64s(2));
            mask = g.Node("Cast", new[] { mask }, a => a.Int("to", (long)ElementType.Float));
            mask = g.Node("Mul", g.Node("Sub", g.Float(1f), mask), g.Float(-10000f));

            for (int layer = 0; layer < o.Layers; layer++)
                h = Layer(g, w, o, "encoder.layer." + layer, h, mask);
            b.Node("Identity", new[] { h }, new[] { "last_hidden_state" }, name: "output");
            b.Output("last_hidden_state", ElementType.Float, new object[] { "batch", "sequence", o.Hidden });
            return b.ToBytes();
        }

        private static string Layer(Writer g, Weights w, BertOptions o, string p, string h, string mask)
        {
            string q = Linear(g, w, p + ".attention.self.query", h, o.Hidden, o.Hidden);
            string k = Linear(g, w, p + ".attention.self.key", h, o.Hidden, o.Hidden);
            string v = Linear(g, w, p + ".attention.self.value", h, o.Hidden, o.Hidden);
            string qh = g.Node("Transpose", new[] { SplitHeads(g, o, q) }, a => a.Ints("perm", 0, 2, 1, 3));
            string kt = g.Node("Transpose", new[] { SplitHeads(g, o, k) }, a => a.Ints("perm", 0, 2, 3, 1));
            string vh = g.Node("Transpose", new[] { SplitHeads(g, o, v) }, a => a.Ints("perm", 0, 2, 1, 3));
            string scores = g.Node("Div", g.Node("MatMul", qh, kt), g.Float((float)Math.Sqrt(o.HeadSize)));
            string probs = g.Node("Softmax", new[] { g.Node("Add", scores, mask) }, a => a.Int("axis", -1));
            string context = g.Node("Transpose", new[] { g.Node("MatMul", probs, vh) }, a => a.Ints("perm", 0, 2, 1, 3));
            // Back to [batch, sequence, hidden] through the same Shape/Gather/Concat the export writes.
            string shape = g.Node("Shape", context);
            string merged = g.Node("Concat", new[] { g.Node("Unsqueeze", g.Node("Gather", shape, g.Index(0)), g.Int64s(0)),
                g.Node("Unsqueeze", g.Node("Gather", shape, g.Index(1)), g.Int64s(0)), g.Int64s(o.Hidden) }, a => a.Int("axis", 0));
            context = g.Node("Reshape", context, merged);
            string attention = Linear(g, w, p + ".attention.output.dense", context, o.Hidden, o.Hidden);
            h = LayerNorm(g, w, p + ".attention.output.LayerNorm", g.Node("Add", attention, h), o.Hidden);

            string up = Linear(g, w, p + ".intermediate.dense", h, o.Hidden, o.Intermediate);
            string erf = g.Node("Erf", g.Node("Div", up, g.Float(1.4142135381698608f)));
            string gelu = g.Node("Mul", g.Node("Mul", up, g.Node("Add", erf, g.Float(1f))), g.Float(0.5f));
            string down = Linear(g, w, p + ".output.dense", gelu, o.Intermediate, o.Hidden);
            return LayerNorm(g, w, p + ".output.LayerNorm", g.Node("Add", down, h), o.Hidden);
        }

        /// <summary>[batch, sequence, hidden] → [batch, sequence, heads, head_size], the target built from Shape as the export does.</summary>
        private static string SplitHeads(Writer g, BertOptions o, string x)
        {
            string shape = g.Node("Shape", x);
            string target = g.Node("Concat", new[] { g.Node("Unsqueeze", g.Node("Gather", shape, g.Index(0)), g.Int64s(0)),
                g.Node("Unsqueeze", g.Node("Gather", shape, g.Index(1)), g.Int64s(0)), g.Int64s(o.Heads), g.Int64s(o.HeadSize) }, a => a.Int("axis", 0));
            return g.Node("Reshape", x, target);
        }

        /// <summary>torch.nn.Linear on a 3-D input: MatMul by the transposed weight, then Add of the bias.</summary>
        private static string Linear(Writer g, Weights w, string p, string x, int inputs, int outputs)
        {
            g.Builder.Initializer(p + ".weight", new[] { inputs, outputs }, w.Normal(inputs * outputs, 0.02));
            g.Builder.Initializer(p + ".bias", new[] { outputs }, w.Normal(outputs, 0.02));
            return g.Node("Add", g.Node("MatMul", x, p + ".weight"), p + ".bias");
        }

        /// <summary>LayerNorm over the last axis, decomposed as torch exports it below opset 17.</summary>
        public static string LayerNorm(Writer g, Weights w, string p, string x, int hidden)
        {
            g.Builder.Initializer(p + ".weight", new[] { hidden }, w.Normal(hidden, 0.02, 1));
            g.Builder.Initializer(p + ".bias", new[] { hidden }, w.Normal(hidden, 0.02));
            string mean = g.Node("ReduceMean", new[] { x }, a => a.Ints("axes", -1));
            string centered = g.Node("Sub", x, mean);
            string variance = g.Node("ReduceMean", new[] { g.Node("Pow", centered, g.Float(2f)) }, a => a.Ints("axes", -1));
            string std = g.Node("Sqrt", g.Node("Add", variance, g.Float(Epsilon)));
            return g.Node("Add", g.Node("Mul", g.Node("Div", centered, std), p + ".weight"), p + ".bias");
        }
    }

    /// <summary>Writes nodes with made-up value names ("Add_12", as the exporter numbers them) and constants as initializers.</summary>
    internal sealed class Writer
    {
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);

        public Writer(OnnxModelBuilder builder) { Builder = builder; }

        public OnnxModelBuilder Builder { get; }

        private string Fresh(string op)
        {
            _counts.TryGetValue(op, out int n);
            _counts[op] = n + 1;
            return op + "_" + n;
        }

        public string Node(string op, params string[] inputs) => Node(op, inputs, null);

        public string Node(string op, string[] inputs, Action<OnnxAttributeBuilder>? attributes)
        {
            string output = Fresh(op);
            Builder.Node(op, inputs, new[] { output }, name: "/" + output, attributes: attributes);
            return output;
        }

        /// <summary>A float scalar constant.</summary>
        public string Float(float value)
        {
            string name = Fresh("Constant");
            Builder.Initializer(name, Array.Empty<int>(), new[] { value });
            return name;
        }

        /// <summary>An int64 scalar constant (a Gather index).</summary>
        public string Index(long value)
        {
            string name = Fresh("Constant");
            Builder.Initializer(name, Array.Empty<int>(), new[] { value });
            return name;
        }

        /// <summary>An int64 vector constant.</summary>
        public string Int64s(params long[] values)
        {
            string name = Fresh("Constant");
            Builder.Initializer(name, new[] { values.Length }, values);
            return name;
        }
    }
}
