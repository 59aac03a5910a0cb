using System;

namespace ModelGen.Samples.DigitsTrainer
{
    /// <summary>
    /// The sample CNN, float32 throughout:
    /// Conv(1→8, 3×3, pads 1) → Relu → MaxPool(2×2) → Conv(8→16, 3×3, pads 1) → Relu → MaxPool(2×2)
    /// → Reshape [1, 256] → Gemm(256→10, transB=1) → Softmax.
    /// Weights use ONNX layouts: conv weights [out, in, 3, 3], Gemm B as [10, 256].
    /// </summary>
    internal sealed class DigitCnn
    {
        public const int C1 = 8;
        public const int C2 = 16;
        public const int Classes = 10;
        public const int Features = C2 * 4 * 4;

        public readonly float[] W1 = new float[C1 * 1 * 9];
        public readonly float[] B1 = new float[C1];
        public readonly float[] W2 = new float[C2 * C1 * 9];
        public readonly float[] B2 = new float[C2];
        public readonly float[] W3 = new float[Classes * Features];
        public readonly float[] B3 = new float[Classes];

        /// <summary>He-style uniform initialization from <paramref name="rng"/>; biases start at zero.</summary>
        public DigitCnn(SplitMix64 rng)
        {
            Fill(W1, 9, rng);
            Fill(W2, C1 * 9, rng);
            Fill(W3, Features, rng);
        }

        private DigitCnn()
        {
        }

        /// <summary>All parameter arrays, in a fixed order.</summary>
        public float[][] Parameters => new[] { W1, B1, W2, B2, W3, B3 };

        /// <summary>A zero-filled set of arrays shaped like the parameters (for gradients and momentum).</summary>
        public static DigitCnn Zeros() => new DigitCnn();

        private static void Fill(float[] w, int fanIn, SplitMix64 rng)
        {
            float limit = (float)Math.Sqrt(6.0 / fanIn);
            for (int i = 0; i < w.Length; i++) w[i] = rng.NextFloat(-limit, limit);
        }
    }

    /// <summary>Per-image buffers for the forward and backward passes.</summary>
    internal sealed class CnnWorkspace
    {
        public readonly float[] XPad = new float[18 * 18];
        public readonly float[] Z1 = new float[DigitCnn.C1 * 16 * 16];
        public readonly float[] P1Pad = new float[DigitCnn.C1 * 10 * 10];
        public readonly int[] Arg1 = new int[DigitCnn.C1 * 8 * 8];
        public readonly float[] Z2 = new float[DigitCnn.C2 * 8 * 8];
        public readonly float[] Feat = new float[DigitCnn.Features];
        public readonly int[] Arg2 = new int[DigitCnn.Features];
        public readonly float[] Logits = new float[DigitCnn.Classes];
        public readonly float[] Probs = new float[DigitCnn.Classes];
        public readonly float[] DFeat = new float[DigitCnn.Features];
        public readonly float[] DP1Pad = new float[DigitCnn.C1 * 10 * 10];
        public readonly float[] DLogits = new float[DigitCnn.Classes];
    }

    internal static class CnnMath
    {
        /// <summary>Runs the network on one [1, 16, 16] image; the probabilities land in <see cref="CnnWorkspace.Probs"/>.</summary>
        public static void Forward(DigitCnn m, ReadOnlySpan<float> image, CnnWorkspace ws)
        {
            float[] xPad = ws.XPad, z1 = ws.Z1, p1 = ws.P1Pad, z2 = ws.Z2, feat = ws.Feat;

            // Padded input; the border stays zero.
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++)
                    xPad[(y + 1) * 18 + x + 1] = image[y * 16 + x];

            // Conv1: [1,18,18] (padded) → [8,16,16].
            for (int oc = 0; oc < DigitCnn.C1; oc++)
            {
                int o = oc * 256;
                float b = m.B1[oc];
                for (int i = 0; i < 256; i++) z1[o + i] = b;
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++)
                    {
                        float w = m.W1[oc * 9 + ky * 3 + kx];
                        for (int y = 0; y < 16; y++)
                        {
                            int src = (y + ky) * 18 + kx;
                            int dst = o + y * 16;
                            for (int x = 0; x < 16; x++) z1[dst + x] += w * xPad[src + x];
                        }
                    }
            }

            // Relu + MaxPool 2×2 → [8,8,8], written into the interior of a zero-bordered [8,10,10].
            for (int c = 0; c < DigitCnn.C1; c++)
                for (int py = 0; py < 8; py++)
                    for (int px = 0; px < 8; px++)
                    {
                        int i0 = c * 256 + (2 * py) * 16 + 2 * px;
                        int best = i0;
                        if (z1[i0 + 1] > z1[best]) best = i0 + 1;
                        if (z1[i0 + 16] > z1[best]) best = i0 + 16;
                        if (z1[i0 + 17] > z1[best]) best = i0 + 17;
                        float v = z1[best];
                        p1[c * 100 + (py + 1) * 10 + px + 1] = v > 0f ? v : 0f;
                        ws.Arg1[(c * 8 + py) * 8 + px] = best;
                    }

            // Conv2: [8,10,10] (padded) → [16,8,8].
            for (int oc = 0; oc < DigitCnn.C2; oc++)
            {
                int o = oc * 64;
                float b = m.B2[oc];
                for (int i = 0; i < 64; i++) z2[o + i] = b;
                for (int ic = 0; ic < DigitCnn.C1; ic++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            float w = m.W2[((oc * DigitCnn.C1 + ic) * 3 + ky) * 3 + kx];
                            for (int y = 0; y < 8; y++)
                            {
                                int src = ic * 100 + (y + ky) * 10 + kx;
                                int dst = o + y * 8;
                                for (int x = 0; x < 8; x++) z2[dst + x] += w * p1[src + x];
                            }
                        }
            }

            // Relu + MaxPool 2×2 → [16,4,4], flattened in NCHW order (what Reshape to [1,256] gives).
            for (int c = 0; c < DigitCnn.C2; c++)
                for (int py = 0; py < 4; py++)
                    for (int px = 0; px < 4; px++)
                    {
                        int i0 = c * 64 + (2 * py) * 8 + 2 * px;
                        int best = i0;
                        if (z2[i0 + 1] > z2[best]) best = i0 + 1;
                        if (z2[i0 + 8] > z2[best]) best = i0 + 8;
                        if (z2[i0 + 9] > z2[best]) best = i0 + 9;
                        float v = z2[best];
                        int j = (c * 4 + py) * 4 + px;
                        feat[j] = v > 0f ? v : 0f;
                        ws.Arg2[j] = best;
                    }

            // Gemm with transB=1: logits[k] = B3[k] + Σ_j W3[k, j] · feat[j].
            for (int k = 0; k < DigitCnn.Classes; k++)
            {
                float s = m.B3[k];
                int row = k * DigitCnn.Features;
                for (int j = 0; j < DigitCnn.Features; j++) s += m.W3[row + j] * feat[j];
                ws.Logits[k] = s;
            }

            // Softmax.
            float max = ws.Logits[0];
            for (int k = 1; k < DigitCnn.Classes; k++) if (ws.Logits[k] > max) max = ws.Logits[k];
            float sum = 0f;
            for (int k = 0; k < DigitCnn.Classes; k++)
            {
                float e = (float)DeterministicMath.Exp(ws.Logits[k] - max);
                ws.Probs[k] = e;
                sum += e;
            }
            for (int k = 0; k < DigitCnn.Classes; k++) ws.Probs[k] /= sum;
        }

        /// <summary>
        /// Adds the gradient of the cross-entropy loss for <paramref name="label"/> to <paramref name="g"/>,
        /// after <see cref="Forward"/> ran on the same workspace.
        /// </summary>
        public static void Backward(DigitCnn m, int label, CnnWorkspace ws, DigitCnn g)
        {
            float[] feat = ws.Feat, dFeat = ws.DFeat, p1 = ws.P1Pad, dP1 = ws.DP1Pad, xPad = ws.XPad;

            for (int k = 0; k < DigitCnn.Classes; k++) ws.DLogits[k] = ws.Probs[k] - (k == label ? 1f : 0f);

            // Gemm.
            Array.Clear(dFeat, 0, dFeat.Length);
            for (int k = 0; k < DigitCnn.Classes; k++)
            {
                float d = ws.DLogits[k];
                int row = k * DigitCnn.Features;
                g.B3[k] += d;
                for (int j = 0; j < DigitCnn.Features; j++)
                {
                    g.W3[row + j] += d * feat[j];
                    dFeat[j] += m.W3[row + j] * d;
                }
            }

            // MaxPool2 + Relu2 send each gradient to the winning position only; then Conv2.
            Array.Clear(dP1, 0, dP1.Length);
            for (int j = 0; j < DigitCnn.Features; j++)
            {
                if (!(feat[j] > 0f)) continue;
                float d = dFeat[j];
                int idx = ws.Arg2[j];
                int oc = idx / 64, y = (idx / 8) % 8, x = idx % 8;
                g.B2[oc] += d;
                for (int ic = 0; ic < DigitCnn.C1; ic++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int wi = ((oc * DigitCnn.C1 + ic) * 3 + ky) * 3 + kx;
                            int pi = ic * 100 + (y + ky) * 10 + x + kx;
                            g.W2[wi] += d * p1[pi];
                            dP1[pi] += m.W2[wi] * d;
                        }
            }

            // MaxPool1 + Relu1, then Conv1 (no input gradient needed).
            for (int c = 0; c < DigitCnn.C1; c++)
                for (int py = 0; py < 8; py++)
                    for (int px = 0; px < 8; px++)
                    {
                        int pi = c * 100 + (py + 1) * 10 + px + 1;
                        if (!(p1[pi] > 0f)) continue;
                        float d = dP1[pi];
                        int idx = ws.Arg1[(c * 8 + py) * 8 + px];
                        int y = (idx / 16) % 16, x = idx % 16;
                        g.B1[c] += d;
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                                g.W1[c * 9 + ky * 3 + kx] += d * xPad[(y + ky) * 18 + x + kx];
                    }
        }
    }
}
