using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// The sizes and attributes of one RNN, LSTM or GRU node as its kernel reads them. Activations holds one
    /// (code, alpha bits, beta bits) triple per activation, every direction's in turn (alpha and beta travel as
    /// the int bits of their floats: kernel operands carry ints, not float lists). Flag is LSTM's input_forget or
    /// GRU's linear_before_reset.
    /// </summary>
    internal sealed record RecurrentPlan(
        Dim Seq, Dim Batch, Dim Input, Dim Hidden, int Directions, bool Reverse, bool BatchMajor,
        ValueList<long> Activations, bool HasClip, float Clip, bool Flag) : OpPlan;

    /// <summary>
    /// What RNN, LSTM and GRU share: their common attributes, the checks of X, W, R, B, sequence_lens and
    /// initial_h against direction, hidden_size and layout, the activation list with its alpha/beta resolved
    /// (ONNX Runtime's rule: each activation that takes an alpha or beta consumes the next listed one, else its
    /// default), the output shapes, and the kernel call.
    /// </summary>
    internal static class RecurrentOp
    {
        public static readonly Attr<float[]?> ActivationAlpha = Attr.Floats("activation_alpha");
        public static readonly Attr<float[]?> ActivationBeta = Attr.Floats("activation_beta");
        public static readonly Attr<string[]?> Activations = Attr.Strings("activations");
        public static readonly Attr<float?> Clip = new Attr<float?>("clip", AttributeKind.Float, null, a => a.Float);
        public static readonly Attr<string> Direction = Attr.String("direction", "forward");
        public static readonly Attr<long?> HiddenSize = Attr.OptionalInt("hidden_size");
        public static readonly Attr<long> Layout = Attr.Int("layout", 0).Since(14);
        public static readonly Attr<long> OutputSequence = Attr.Int("output_sequence", 0).Until(6).Ignored("Y is produced whenever it is connected");

        // Name → (kernel code, alpha default, beta default); NaN means the activation takes no such parameter.
        private static readonly Dictionary<string, (int Code, float Alpha, float Beta)> s_activations =
            new Dictionary<string, (int, float, float)>(StringComparer.OrdinalIgnoreCase)
            {
                ["Relu"] = (0, float.NaN, float.NaN), ["Tanh"] = (1, float.NaN, float.NaN), ["Sigmoid"] = (2, float.NaN, float.NaN),
                ["Affine"] = (3, 1f, 0f), ["LeakyRelu"] = (4, 0.01f, float.NaN), ["ThresholdedRelu"] = (5, 1f, float.NaN),
                ["ScaledTanh"] = (6, 1f, 1f), ["HardSigmoid"] = (7, 0.2f, 0.5f), ["Elu"] = (8, 1f, float.NaN),
                ["Softsign"] = (9, float.NaN, float.NaN), ["Softplus"] = (10, float.NaN, float.NaN),
            };

        /// <summary>The attributes every revision set shares (the op adds its own).</summary>
        public static AttributeSpec[] Common => new AttributeSpec[] { ActivationAlpha, ActivationBeta, Activations, Clip, Direction, HiddenSize, Layout, OutputSequence };

        /// <summary>
        /// Checks the inputs of a node with <paramref name="gates"/> gates and the default activations
        /// <paramref name="defaults"/> (one direction's), sets Y, Y_h and (LSTM) Y_c, and returns the plan.
        /// </summary>
        public static RecurrentPlan? Infer(InferContext c, int gates, string[] defaults, bool flag)
        {
            Shape x = c.InShape(0), w = c.InShape(1), r = c.InShape(2);
            if (x.Rank != 3 || w.Rank != 3 || r.Rank != 3)
                return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "X " + x + ", W " + w + " and R " + r + " must all be 3-D.");
            long layout = c.Get(Layout);
            if (layout != 0 && layout != 1)
                return c.Reject<RecurrentPlan>(DiagnosticIds.UnsupportedAttribute, "layout=" + layout + " is not 0 or 1.");
            bool batchMajor = layout == 1;
            string direction = c.Get(Direction);
            // RNN-1 and GRU-1 spell the default "foward".
            bool reverse = direction == "reverse";
            int dirs = direction == "bidirectional" ? 2 : 1;
            if (direction != "forward" && direction != "foward" && !reverse && dirs != 2)
                return c.Reject<RecurrentPlan>(DiagnosticIds.UnsupportedAttribute, "direction=\"" + direction + "\" is not forward, reverse or bidirectional.");

            Dim seq = batchMajor ? x[1] : x[0], batch = batchMajor ? x[0] : x[1], input = x[2];
            Dim hidden = r[2];
            if (c.Get(HiddenSize) is long size && !hidden.Equals(Dim.Of(size)))
                return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "hidden_size=" + size + " disagrees with R " + r + ".");
            Dim d = Dim.Of(dirs), rows = hidden * Dim.Of(gates);
            if (!w.Equals(new Shape(new[] { d, rows, input })) || !r.Equals(new Shape(new[] { d, rows, hidden })))
                return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "W " + w + " and R " + r + " must be [" + dirs + "," + rows + "," + input + "] and [" + dirs + "," + rows + "," + hidden + "] for X " + x + ".");
            if (c.HasInput(3) && !c.InShape(3).Equals(new Shape(new[] { d, rows * Dim.Of(2) })))
                return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "B " + c.InShape(3) + " must be [" + dirs + "," + rows * Dim.Of(2) + "].");
            if (c.HasInput(4) && !c.InShape(4).Equals(new Shape(new[] { batch })))
                return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "sequence_lens " + c.InShape(4) + " must be [" + batch + "].");
            var state = new Shape(batchMajor ? new[] { batch, d, hidden } : new[] { d, batch, hidden });
            // initial_h, and LSTM's initial_c (input 6), share the state shape.
            for (int i = 5; i <= 6; i++)
                if (c.HasInput(i) && !c.InShape(i).Equals(state))
                    return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "input " + i + " " + c.InShape(i) + " must be " + state + ".");

            var activations = ResolveActivations(c, defaults, dirs);
            if (activations == null) return null;
            float? clip = c.Get(Clip);
            if (clip is float threshold && !(threshold > 0f))
                return c.Reject<RecurrentPlan>(DiagnosticIds.UnsupportedAttribute, "clip=" + threshold + " must be positive.");

            c.SetOutput(0, new Shape(batchMajor ? new[] { batch, seq, d, hidden } : new[] { seq, d, batch, hidden }));
            for (int i = 1; i < c.Node.Outputs.Count; i++) c.SetOutput(i, state);
            return new RecurrentPlan(seq, batch, input, hidden, dirs, reverse, batchMajor, activations, clip != null, clip ?? 0f, flag);
        }

        /// <summary>The activation triples for every direction, or null after a diagnostic.</summary>
        private static ValueList<long>? ResolveActivations(InferContext c, string[] defaults, int dirs)
        {
            string[] names = c.Get(Activations) ?? Enumerable.Repeat(defaults, dirs).SelectMany(n => n).ToArray();
            // A bidirectional node listing one direction's activations uses them for both, as ONNX Runtime does.
            if (dirs == 2 && names.Length == defaults.Length) names = names.Concat(names).ToArray();
            if (names.Length != defaults.Length * dirs)
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "activations lists " + names.Length + " functions; " + defaults.Length * dirs + " are needed.");
                return null;
            }
            float[] alphas = c.Get(ActivationAlpha) ?? new float[0], betas = c.Get(ActivationBeta) ?? new float[0];
            int nextAlpha = 0, nextBeta = 0;
            var triples = new List<long>();
            foreach (string name in names)
            {
                if (!s_activations.TryGetValue(name, out var f))
                {
                    c.Fail(DiagnosticIds.UnsupportedAttribute, "activation \"" + name + "\" is not one ONNX recurrent ops define.");
                    return null;
                }
                float alpha = float.IsNaN(f.Alpha) ? 0f : nextAlpha < alphas.Length ? alphas[nextAlpha++] : f.Alpha;
                float beta = float.IsNaN(f.Beta) ? 0f : nextBeta < betas.Length ? betas[nextBeta++] : f.Beta;
                triples.Add(f.Code);
                triples.Add(BitConverter.ToInt32(BitConverter.GetBytes(alpha), 0));
                triples.Add(BitConverter.ToInt32(BitConverter.GetBytes(beta), 0));
            }
            return triples.ToValueList();
        }

        /// <summary>
        /// Emits <paramref name="kernel"/> over the node (float16 widened to float): X, W, R, B, sequence_lens,
        /// initial_h, then <paramref name="extraInputs"/> more (LSTM's initial_c and P), the outputs, scratch of
        /// <paramref name="scratchRows"/>·hidden elements, the sizes and attributes.
        /// </summary>
        public static void Lower(LowerContext c, RecurrentPlan p, string kernel, int extraInputs, int outputs, int scratchRows, string flagName)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Emit(c, p, kernel, extraInputs, outputs, scratchRows, flagName, ins, outs)))
                Emit(c, p, kernel, extraInputs, outputs, scratchRows, flagName, c.Node.Inputs.ToArray(), c.Node.Outputs.ToArray());
        }

        private static void Emit(LowerContext c, RecurrentPlan p, string kernel, int extraInputs, int outputs, int scratchRows, string flagName,
            Value?[] ins, Value?[] outs)
        {
            Value? In(int i) => i < ins.Length ? ins[i] : null;
            var type = ins[0]!.Type;
            var call = c.Call(kernel, type).In("x", ins[0]!).In("w", ins[1]!).In("r", ins[2]!)
                .InOrNone("b", In(3)).InOrNone("seqLens", In(4)).InOrNone("initialH", In(5));
            for (int i = 0; i < extraInputs; i++) call.InOrNone("in" + (6 + i), In(6 + i));
            for (int i = 0; i < outputs; i++)
            {
                Value? o = i < outs.Length ? outs[i] : null;
                if (o != null) call.Out("out" + i, o);
                else call.InOrNone("out" + i, null);
            }
            call.Scratch("scratch", type, p.Hidden * Dim.Of(scratchRows))
                .Dim("seq", p.Seq).Dim("batch", p.Batch).Dim("input", p.Input).Dim("hidden", p.Hidden)
                .Integer("dirs", ElementType.Int32, p.Directions).Bool("reverse", p.Reverse).Bool("batchMajor", p.BatchMajor)
                .Ints("activations", p.Activations).Bool("hasClip", p.HasClip).Scalar("clip", ElementType.Float, p.Clip);
            if (flagName.Length > 0) call.Bool(flagName, p.Flag);
            call.Emit();
        }
    }
}
