using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The windows (Hann, Hamming, Blackman), DFT, STFT and MelWeightMatrix (opsets 17 and 20): every output_datatype,
    /// periodic and symmetric windows of odd sizes, a size known only at run time; DFT over lengths that are not powers
    /// of two, complex and real input, inverse, onesided, a dft_length that pads and one that truncates, negative axes;
    /// STFT with and without a window, complex signals; mel matrices at sample rates and edges the backend tests do not use.
    /// </summary>
    internal static class SignalCases
    {
        public static void Add(CaseSet set)
        {
            Windows(set);
            Dft(set);
            Stft(set);
            Mel(set);
        }

        private static void Windows(CaseSet set)
        {
            foreach (var op in new[] { "HannWindow", "HammingWindow", "BlackmanWindow" })
            {
                foreach (var t in TypesOf(op, "T2"))
                {
                    // The case's type is the window's (output_datatype); size is an int64 initializer.
                    set.Node("signal", op, t, "size 13, periodic", new[] { Scalar("size", ElementType.Int64, 13) }, new[] { t }, a => a.Int("output_datatype", (long)t), opset: 17);
                    if (t != ElementType.Float) continue;
                    set.Node("signal", op, t, "size 7 (int32), periodic=0", new[] { Scalar("size", ElementType.Int32, 7) }, new[] { t }, a => a.Int("periodic", 0), opset: 17);
                    set.Node("signal", op, t, "run-time size 11 (an int64 graph input), periodic=0",
                        new[] { RandomTensors.Of("size", ElementType.Int64, D(), 11) }, new[] { t }, a => a.Int("periodic", 0), opset: 17);
                }
            }
        }

        private static void Dft(CaseSet set)
        {
            foreach (var t in TypesOf("DFT"))
            {
                set.Node("signal", "DFT", t, "real [2,9,1], axis input 1", new[] { Values(set, "x", t, D(2, 9, 1)), Scalar("axis", ElementType.Int64, 1) }, new[] { t },
                    opset: 20, nodeInputs: new[] { "x", "", "axis" });
                if (t != ElementType.Float) continue;
                set.Node("signal", "DFT", t, "complex [3,6,5,2], axis input -2, inverse=1",
                    new[] { Values(set, "x", t, D(3, 6, 5, 2)), Scalar("axis", ElementType.Int64, -2) }, new[] { t }, a => a.Int("inverse", 1), opset: 20, nodeInputs: new[] { "x", "", "axis" });
                set.Node("signal", "DFT", t, "real [2,10,1], dft_length 12 (zero-padded), onesided=1, axis input 1",
                    new[] { Values(set, "x", t, D(2, 10, 1)), Scalar("dft_length", ElementType.Int64, 12), Scalar("axis", ElementType.Int64, 1) }, new[] { t },
                    a => a.Int("onesided", 1), opset: 20);
                set.Node("signal", "DFT", t, "complex [2,11,2], dft_length 7 (int32, truncates), default axis",
                    new[] { Values(set, "x", t, D(2, 11, 2)), Scalar("dft_length", ElementType.Int32, 7) }, new[] { t }, opset: 20);
                set.Node("signal", "DFT", t, "opset 17: real [2,3,14,1], axis=2, onesided=1",
                    new[] { Values(set, "x", t, D(2, 3, 14, 1)) }, new[] { t }, a => a.Int("axis", 2).Int("onesided", 1), opset: 17);
                set.Node("signal", "DFT", t, "opset 17: complex [4,16,2], inverse=1 (power of two)",
                    new[] { Values(set, "x", t, D(4, 16, 2)) }, new[] { t }, a => a.Int("inverse", 1), opset: 17);
            }
        }

        private static void Stft(CaseSet set)
        {
            foreach (var t in TypesOf("STFT"))
            {
                set.Node("signal", "STFT", t, "real [2,40,1], frame_step 6, window [15] (graph input)",
                    new[] { Values(set, "signal", t, D(2, 40, 1)), Scalar("frame_step", ElementType.Int64, 6), set.Random.Uniform("window", t, D(15), 0, 1) }, new[] { t }, opset: 17);
                if (t != ElementType.Float) continue;
                set.Node("signal", "STFT", t, "complex [1,30,2], frame_step 5, frame_length 8, no window, onesided=0",
                    new[] { Values(set, "signal", t, D(1, 30, 2)), Scalar("frame_step", ElementType.Int64, 5), Scalar("frame_length", ElementType.Int64, 8) }, new[] { t },
                    a => a.Int("onesided", 0), opset: 17, nodeInputs: new[] { "signal", "frame_step", "", "frame_length" });
                set.Node("signal", "STFT", t, "real [3,27,1], int32 frame_step 4 and frame_length 10, window [10], onesided=0",
                    new[] { Values(set, "signal", t, D(3, 27, 1)), Scalar("frame_step", ElementType.Int32, 4), set.Random.Uniform("window", t, D(10), 0, 1), Scalar("frame_length", ElementType.Int32, 10) },
                    new[] { t }, a => a.Int("onesided", 0), opset: 17);
            }
        }

        private static void Mel(CaseSet set)
        {
            foreach (var t in TypesOf("MelWeightMatrix", "T3"))
            {
                // The case's type is the matrix's (output_datatype); the edges are graph inputs so the model has inputs.
                set.Node("signal", "MelWeightMatrix", t, "10 mel bins, dft_length 48, 16 kHz, edges 50–7000 Hz (float inputs)",
                    new[] { Scalar("num_mel_bins", ElementType.Int64, 10), Scalar("dft_length", ElementType.Int64, 48), Scalar("sample_rate", ElementType.Int64, 16000),
                        RandomTensors.Of("lower_edge_hertz", ElementType.Float, D(), 50), RandomTensors.Of("upper_edge_hertz", ElementType.Float, D(), 7000) },
                    new[] { t }, a => a.Int("output_datatype", (long)t), opset: 17);
                if (t != ElementType.Float) continue;
                set.Node("signal", "MelWeightMatrix", t, "int32 sizes: 6 mel bins, dft_length 30, 22050 Hz, edges 0–11025 Hz (all initializers)",
                    new[] { Scalar("num_mel_bins", ElementType.Int32, 6), Scalar("dft_length", ElementType.Int32, 30), Scalar("sample_rate", ElementType.Int32, 22050),
                        Scalar("lower_edge_hertz", ElementType.Float, 0), Scalar("upper_edge_hertz", ElementType.Float, 11025) },
                    new[] { t }, opset: 17);
            }
        }
    }
}
