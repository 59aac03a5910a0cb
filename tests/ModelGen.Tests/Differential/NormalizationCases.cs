using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// LayerNormalization, RMSNormalization, InstanceNormalization, GroupNormalization, LpNormalization,
    /// MeanVarianceNormalization, LogSoftmax and Hardmax: normalised axes other than the last, scales that broadcast
    /// over several axes, the Mean/InvStdDev outputs, 1-D and 3-D spatial ranks, p=1, custom MVN axes, ties for Hardmax.
    /// </summary>
    internal static class NormalizationCases
    {
        public static void Add(CaseSet set)
        {
            LayerNorm(set);
            RmsNorm(set);
            InstanceNorm(set);
            GroupNorm(set);
            Lp(set);
            Mvn(set);
            Softmaxes(set);
        }

        private static DiffTensor X(CaseSet set, ElementType t, long[] dims, string name = "x") => set.Random.Uniform(name, t, dims, -4, 4);

        private static DiffTensor Scale(CaseSet set, ElementType t, long[] dims, string name = "scale") => set.Random.Uniform(name, t, dims, 0.5, 2).AsConstant();

        private static void LayerNorm(CaseSet set)
        {
            foreach (var t in TypesOf("LayerNormalization"))
            {
                set.Node("normalization", "LayerNormalization", t, "[2,5,7], axis=-1, scale and bias [7]",
                    new[] { X(set, t, D(2, 5, 7)), Scale(set, t, D(7)), Values(set, "b", t, D(7)).AsConstant() }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("normalization", "LayerNormalization", t, "[3,4,5,6], axis=1, scale [4,5,6], no bias, epsilon=1e-2",
                    new[] { X(set, t, D(3, 4, 5, 6)), Scale(set, t, D(4, 5, 6)) }, new[] { t }, a => a.Int("axis", 1).Float("epsilon", 1e-2f));
                set.Node("normalization", "LayerNormalization", t, "[4,9,5], axis=-2, scale [1,5] (broadcast), run-time bias",
                    new[] { X(set, t, D(4, 9, 5)), Scale(set, t, D(1, 5)), Values(set, "b", t, D(9, 5)) }, new[] { t }, a => a.Int("axis", -2));
            }
            set.Node("normalization", "LayerNormalization", ElementType.Float, "[6,11], with Mean and InvStdDev outputs",
                new[] { X(set, ElementType.Float, D(6, 11)), Scale(set, ElementType.Float, D(11)), Values(set, "b", ElementType.Float, D(11)).AsConstant() },
                new[] { ElementType.Float, ElementType.Float, ElementType.Float });
            set.Node("normalization", "LayerNormalization", ElementType.Float16, "[6,11], with float Mean and InvStdDev outputs",
                new[] { X(set, ElementType.Float16, D(6, 11)), Scale(set, ElementType.Float16, D(11)), Values(set, "b", ElementType.Float16, D(11)).AsConstant() },
                new[] { ElementType.Float16, ElementType.Float, ElementType.Float });
        }

        private static void RmsNorm(CaseSet set)
        {
            foreach (var t in TypesOf("RMSNormalization"))
            {
                set.Node("normalization", "RMSNormalization", t, "[2,5,7], axis=-1, scale [7]", new[] { X(set, t, D(2, 5, 7)), Scale(set, t, D(7)) }, new[] { t }, opset: 23);
                if (t != ElementType.Float) continue;
                set.Node("normalization", "RMSNormalization", t, "[3,4,6], axis=1, scale [4,6], epsilon=1e-1",
                    new[] { X(set, t, D(3, 4, 6)), Scale(set, t, D(4, 6)) }, new[] { t }, a => a.Int("axis", 1).Float("epsilon", 0.1f), opset: 23);
            }
        }

        private static void InstanceNorm(CaseSet set)
        {
            foreach (var t in TypesOf("InstanceNormalization"))
            {
                set.Node("normalization", "InstanceNormalization", t, "[2,3,7,5], epsilon=1e-2",
                    new[] { X(set, t, D(2, 3, 7, 5)), Scale(set, t, D(3)), Values(set, "b", t, D(3)).AsConstant() }, new[] { t }, a => a.Float("epsilon", 1e-2f));
                if (t != ElementType.Float) continue;
                set.Node("normalization", "InstanceNormalization", t, "1-D spatial [3,4,17], run-time scale and bias",
                    new[] { X(set, t, D(3, 4, 17)), set.Random.Uniform("scale", t, D(4), 0.5, 2), Values(set, "b", t, D(4)) }, new[] { t });
                set.Node("normalization", "InstanceNormalization", t, "3-D spatial [1,2,3,4,5]",
                    new[] { X(set, t, D(1, 2, 3, 4, 5)), Scale(set, t, D(2)), Values(set, "b", t, D(2)).AsConstant() }, new[] { t });
            }
        }

        private static void GroupNorm(CaseSet set)
        {
            foreach (var t in TypesOf("GroupNormalization"))
            {
                set.Node("normalization", "GroupNormalization", t, "[2,6,5,3], num_groups=3, per-channel scale and bias",
                    new[] { X(set, t, D(2, 6, 5, 3)), Scale(set, t, D(6)), Values(set, "bias", t, D(6)).AsConstant() }, new[] { t }, a => a.Int("num_groups", 3));
                if (t != ElementType.Float) continue;
                set.Node("normalization", "GroupNormalization", t, "[3,4,7], num_groups=4 (one channel each), epsilon=1e-3",
                    new[] { X(set, t, D(3, 4, 7)), Scale(set, t, D(4)), Values(set, "bias", t, D(4)).AsConstant() }, new[] { t }, a => a.Int("num_groups", 4).Float("epsilon", 1e-3f));
                set.Node("normalization", "GroupNormalization", t, "[1,6,2,2,3], num_groups=2 (3-D spatial)",
                    new[] { X(set, t, D(1, 6, 2, 2, 3)), Scale(set, t, D(6)), Values(set, "bias", t, D(6)).AsConstant() }, new[] { t }, a => a.Int("num_groups", 2));
            }
        }

        private static void Lp(CaseSet set)
        {
            foreach (var t in TypesOf("LpNormalization"))
            {
                set.Node("normalization", "LpNormalization", t, "[3,5,7], default axis -1, p=2", new[] { X(set, t, D(3, 5, 7)) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("normalization", "LpNormalization", t, "[3,5,7], axis=1, p=1", new[] { X(set, t, D(3, 5, 7)) }, new[] { t }, a => a.Int("axis", 1).Int("p", 1));
                set.Node("normalization", "LpNormalization", t, "[4,6], axis=0, p=2", new[] { X(set, t, D(4, 6)) }, new[] { t }, a => a.Int("axis", 0));
            }
        }

        private static void Mvn(CaseSet set)
        {
            foreach (var t in TypesOf("MeanVarianceNormalization"))
            {
                set.Node("normalization", "MeanVarianceNormalization", t, "[2,3,5,4], default axes [0,2,3]", new[] { X(set, t, D(2, 3, 5, 4)) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("normalization", "MeanVarianceNormalization", t, "[2,3,5,4], axes [1,-1]", new[] { X(set, t, D(2, 3, 5, 4)) }, new[] { t }, a => a.Ints("axes", 1, -1));
                set.Node("normalization", "MeanVarianceNormalization", t, "[3,9], axes [1]", new[] { X(set, t, D(3, 9)) }, new[] { t }, a => a.Ints("axes", 1));
            }
        }

        private static void Softmaxes(CaseSet set)
        {
            foreach (var t in TypesOf("LogSoftmax"))
            {
                set.Node("softmax", "LogSoftmax", t, "[3,17,29], axis=-1", new[] { set.Random.Uniform("x", t, D(3, 17, 29), -20, 20) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("softmax", "LogSoftmax", t, "[4,5,6], axis=0", new[] { set.Random.Uniform("x", t, D(4, 5, 6), -20, 20) }, new[] { t }, a => a.Int("axis", 0));
                set.Node("softmax", "LogSoftmax", t, "opset 11 [2,3,4,5], axis=2 (flattens from the axis on)", new[] { set.Random.Uniform("x", t, D(2, 3, 4, 5), -20, 20) },
                    new[] { t }, a => a.Int("axis", 2), opset: 11);
            }
            foreach (var t in TypesOf("Hardmax"))
            {
                set.Node("softmax", "Hardmax", t, "[3,7,9], axis=-1, ties (first wins)", new[] { set.Random.Halves("x", t, D(3, 7, 9), -2, 2) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("softmax", "Hardmax", t, "[4,5,6], axis=1", new[] { set.Random.Uniform("x", t, D(4, 5, 6), -5, 5) }, new[] { t }, a => a.Int("axis", 1));
                set.Node("softmax", "Hardmax", t, "opset 11 [2,3,4], axis=1 (flattens from the axis on)", new[] { set.Random.Uniform("x", t, D(2, 3, 4), -5, 5) },
                    new[] { t }, a => a.Int("axis", 1), opset: 11);
            }
        }
    }
}
