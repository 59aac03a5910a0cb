using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// RNN, GRU and LSTM: reverse and bidirectional directions, ragged sequence_lens (outputs past a sequence's end
    /// are zeros), initial states, clip, non-default activations with alpha/beta, layout=1 (batch first),
    /// linear_before_reset, peepholes with input_forget, and a node whose Y output is omitted.
    /// </summary>
    internal static class RecurrentCases
    {
        private const long Seq = 5, Batch = 3, Input = 4, Hidden = 6;

        private sealed record Rnn(string Op, int Gates, int States);

        private static readonly Rnn[] Ops = { new Rnn("RNN", 1, 1), new Rnn("GRU", 3, 1), new Rnn("LSTM", 4, 2) };

        public static void Add(CaseSet set)
        {
            foreach (var op in Ops)
            {
                foreach (var t in TypesOf(op.Op))
                {
                    bool full = t == ElementType.Float;
                    Case(set, op, t, "forward, bias", 1, new Parts { Bias = true }, null);
                    Case(set, op, t, "bidirectional, initial_h" + (op.States == 2 ? " and initial_c" : "") + ", ragged sequence_lens [5,2,4]", 2,
                        new Parts { Bias = true, Initial = true, SequenceLens = true }, a => a.String("direction", "bidirectional"));
                    if (!full) continue;
                    Case(set, op, t, "reverse, clip=0.7, ragged sequence_lens", 1, new Parts { Bias = true, SequenceLens = true }, a => a.String("direction", "reverse").Float("clip", 0.7f));
                    Case(set, op, t, "layout=1 (batch first), initial state", 1, new Parts { Bias = true, Initial = true, BatchFirst = true }, a => a.Int("layout", 1));
                    Case(set, op, t, "Y omitted (only the final states), no bias", 1, new Parts { OmitY = true }, null);
                    switch (op.Op)
                    {
                        case "RNN":
                            Case(set, op, t, "bidirectional, activations [Relu, HardSigmoid] with alpha/beta", 2, new Parts { Bias = true },
                                a => a.String("direction", "bidirectional").Strings("activations", "Relu", "HardSigmoid").Floats("activation_alpha", 0f, 0.3f).Floats("activation_beta", 0f, 0.4f));
                            break;
                        case "GRU":
                            Case(set, op, t, "linear_before_reset=1, initial_h", 1, new Parts { Bias = true, Initial = true }, a => a.Int("linear_before_reset", 1));
                            Case(set, op, t, "activations [HardSigmoid, Softsign] alpha 0.25 beta 0.45", 1, new Parts { Bias = true },
                                a => a.Strings("activations", "HardSigmoid", "Softsign").Floats("activation_alpha", 0.25f).Floats("activation_beta", 0.45f));
                            break;
                        case "LSTM":
                            Case(set, op, t, "peepholes P, input_forget=1, initial states", 1, new Parts { Bias = true, Initial = true, Peepholes = true }, a => a.Int("input_forget", 1));
                            Case(set, op, t, "bidirectional, peepholes, activations [Sigmoid, Tanh, Softsign] × 2", 2, new Parts { Bias = true, Peepholes = true, SequenceLens = true },
                                a => a.String("direction", "bidirectional").Strings("activations", "Sigmoid", "Tanh", "Softsign", "Sigmoid", "Tanh", "Softsign"));
                            break;
                    }
                }
            }
        }

        private sealed class Parts
        {
            public bool Bias, Initial, SequenceLens, Peepholes, BatchFirst, OmitY;
        }

        private static void Case(CaseSet set, Rnn op, ElementType t, string variant, long dirs, Parts p, System.Action<OnnxAttributeBuilder>? more)
        {
            var r = set.Random;
            var tensors = new List<DiffTensor>
            {
                r.Uniform("x", t, p.BatchFirst ? D(Batch, Seq, Input) : D(Seq, Batch, Input), -2, 2),
                r.Uniform("w", t, D(dirs, op.Gates * Hidden, Input), -0.6, 0.6).AsConstant(),
                r.Uniform("r", t, D(dirs, op.Gates * Hidden, Hidden), -0.6, 0.6).AsConstant(),
            };
            var names = new List<string> { "x", "w", "r" };
            void Opt(bool present, System.Func<DiffTensor> make)
            {
                if (!present) { names.Add(""); return; }
                var v = make();
                tensors.Add(v);
                names.Add(v.Name);
            }
            Opt(p.Bias, () => r.Uniform("b", t, D(dirs, 2 * op.Gates * Hidden), -0.5, 0.5).AsConstant());
            Opt(p.SequenceLens, () => RandomTensors.Of("sequence_lens", ElementType.Int32, D(Batch), 5, 2, 4));
            long[] state = p.BatchFirst ? D(Batch, dirs, Hidden) : D(dirs, Batch, Hidden);
            Opt(p.Initial, () => r.Uniform("initial_h", t, state, -1, 1));
            if (op.States == 2)
            {
                Opt(p.Initial, () => r.Uniform("initial_c", t, state, -1, 1));
                Opt(p.Peepholes, () => r.Uniform("p", t, D(dirs, 3 * Hidden), -0.5, 0.5).AsConstant());
            }
            while (names[names.Count - 1].Length == 0) names.RemoveAt(names.Count - 1);

            var outputs = new[] { "y", "y_h", "y_c" }.Take(1 + op.States).ToArray();
            var declared = outputs.Where(o => !(p.OmitY && o == "y")).Select(o => (o, t)).ToArray();
            set.Graph("recurrent", op.Op, t, variant, tensors, declared, b => b.Node(op.Op, names, outputs.Select(o => p.OmitY && o == "y" ? "" : o).ToArray(), name: "n0",
                attributes: a => { a.Int("hidden_size", Hidden); more?.Invoke(a); }));
        }
    }
}
