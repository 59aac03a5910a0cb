using System.Collections.Generic;

namespace ModelGen.Tests.Differential
{
    /// <summary>Every differential case, built from one seed so each run compares the same inputs.</summary>
    internal static class DifferentialCases
    {
        public const int Seed = 20261201;

        public static IReadOnlyList<DiffCase> All()
        {
            var set = new CaseSet(Seed);
            ElementwiseCases.Add(set);
            TensorOpCases.Add(set);
            DataMovementCases.Add(set);
            ControlFlowCases.Add(set);
            ReductionCases.Add(set);
            NormalizationCases.Add(set);
            PoolingCases.Add(set);
            ResizeCases.Add(set);
            QuantizationCases.Add(set);
            AttentionCases.Add(set);
            RecurrentCases.Add(set);
            IndexingCases.Add(set);
            LayoutCases.Add(set);
            LossCases.Add(set);
            LinearAlgebraCases.Add(set);
            // Families added later go last, so the ones above keep their seeded values.
            SignalCases.Add(set);
            VisionCases.Add(set);
            SequenceCases.Add(set);
            AttentionCases.AddOpset27(set);
            EpilogueCases.Add(set);
            FusionCases.Add(set);
            ViewFusionCases.Add(set);
            TransposeLayoutCases.Add(set);
            ReductionFusionCases.Add(set);
            EpilogueFusionCases.Add(set);
            BlockedLayoutCases.Add(set);
            AttentionPatternCases.Add(set);
            PackedBCases.Add(set);
            WinogradCases.Add(set);
            return set.Cases;
        }
    }
}
