using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// Selected backend tests (every op supported) that ModelCompiler rejects with MG errors on purpose: documented
    /// limitations, each with a reason "MGxxxx[|MGyyyy] category: detail". Only a compile failure carrying one of the
    /// listed MG ids is excused: an internal error, another MG error, a C# error, an exception or a numeric mismatch still
    /// fails its case, and an entry whose test starts compiling fails as stale, so the table can only shrink.
    /// </summary>
    internal static class ConformanceExclusions
    {
        private const string TrainingMode = "MG0103 training mode: BatchNormalization training_mode=1 outputs running statistics; ModelGen compiles inference only";
        private const string DropoutTraining = "MG0103 training mode: Dropout training_mode=1 draws a random mask; ModelGen compiles inference only";
        private const string Strings = "MG0104 string tensors: generated code holds only numeric and bool elements in its arena (operator breadth issue)";
        private const string UnprovenRuntimeDims = "MG0201|MG0202 run-time dims the build cannot prove equal: the AffineGrid expansion splits lengths computed at run time, and a later Concat/Add (or an If whose branches give different shapes) needs them to agree (operator breadth issue)";
        private const string SequencesAndOptionals = "MG0106 sequence and optional values: graph inputs and outputs are tensors only (operator breadth issue)";

        public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // BatchNormalization
            ["node/test_batchnorm_epsilon_training_mode"] = TrainingMode,
            ["node/test_batchnorm_example_training_mode"] = TrainingMode,

            // Dropout
            ["node/test_training_dropout"] = DropoutTraining,
            ["node/test_training_dropout_default"] = DropoutTraining,
            ["node/test_training_dropout_default_mask"] = DropoutTraining,
            ["node/test_training_dropout_mask"] = DropoutTraining,
            ["node/test_training_dropout_zero_ratio"] = DropoutTraining,
            ["node/test_training_dropout_zero_ratio_mask"] = DropoutTraining,

            // Equal over strings
            ["node/test_equal_string"] = Strings,
            ["node/test_equal_string_broadcast"] = Strings,

            // Identity over sequences and optionals
            ["node/test_identity_opt"] = SequencesAndOptionals,
            ["node/test_identity_sequence"] = SequencesAndOptionals,

            // AffineGrid's function expansion
            ["node/test_affine_grid_2d_align_corners_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_2d_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_3d_align_corners_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_3d_expanded"] = UnprovenRuntimeDims,
        };

        /// <summary>"MG0102 opset newer than implemented: detail" → "MG0102 opset newer than implemented".</summary>
        public static string Category(string reason)
        {
            int colon = reason.IndexOf(':');
            return colon > 0 ? reason.Substring(0, colon) : reason;
        }

        /// <summary>The MG ids a reason excuses ("MG0102|MG0202 ..." → both).</summary>
        public static IReadOnlyList<string> ExcusedIds(string reason)
        {
            int space = reason.IndexOf(' ');
            string head = space > 0 ? reason.Substring(0, space) : reason;
            return head.Split('|').Where(id => id.StartsWith("MG", StringComparison.Ordinal)).ToArray();
        }
    }
}
