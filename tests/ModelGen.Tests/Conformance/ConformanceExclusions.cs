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
        private const string DropoutTraining = "MG0103 training mode: Dropout training_mode=1 draws a random mask; ModelGen compiles inference only";
        private const string UnprovenRuntimeDims = "MG0201|MG0202 run-time dims the build cannot prove equal: the AffineGrid expansion splits lengths computed at run time, and a later Concat/Add (or an If whose branches give different shapes) needs them to agree (operator breadth issue)";
        private const string SequencesAndOptionals = "MG0106 sequence and optional values: sequences are resolved at build time, so graph inputs and outputs, and values an If or a Loop carries, must be tensors (operator breadth issue)";

        public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Dropout
            ["node/test_training_dropout"] = DropoutTraining,
            ["node/test_training_dropout_default"] = DropoutTraining,
            ["node/test_training_dropout_default_mask"] = DropoutTraining,
            ["node/test_training_dropout_mask"] = DropoutTraining,
            ["node/test_training_dropout_zero_ratio"] = DropoutTraining,
            ["node/test_training_dropout_zero_ratio_mask"] = DropoutTraining,


            // Identity over sequences and optionals
            ["node/test_identity_opt"] = SequencesAndOptionals,
            ["node/test_identity_sequence"] = SequencesAndOptionals,

            // Sequences that are graph inputs or outputs, or that an If or a Loop carries
            ["node/test_if_seq"] = SequencesAndOptionals,
            ["node/test_loop13_seq"] = SequencesAndOptionals,
            ["node/test_loop16_seq_none"] = SequencesAndOptionals,
            ["node/test_sequence_insert_at_back"] = SequencesAndOptionals,
            ["node/test_sequence_insert_at_front"] = SequencesAndOptionals,
            ["node/test_sequence_map_add_1_sequence_1_tensor_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_add_2_sequences_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_extract_shapes_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_identity_1_sequence_1_tensor_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_identity_1_sequence_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_identity_2_sequences_expanded"] = SequencesAndOptionals,
            ["node/test_split_to_sequence_1"] = SequencesAndOptionals,
            ["node/test_split_to_sequence_2"] = SequencesAndOptionals,
            ["node/test_split_to_sequence_nokeepdims"] = SequencesAndOptionals,

            // OptionalGetElement and OptionalHasElement given optional- or sequence-typed graph inputs
            ["node/test_optional_get_element_optional_sequence"] = SequencesAndOptionals,
            ["node/test_optional_get_element_optional_tensor"] = SequencesAndOptionals,
            ["node/test_optional_get_element_sequence"] = SequencesAndOptionals,
            ["node/test_optional_has_element_empty_optional_input"] = SequencesAndOptionals,
            ["node/test_optional_has_element_optional_input"] = SequencesAndOptionals,
            ["node/test_optional_has_element_tensor_input"] = SequencesAndOptionals,

            // AffineGrid's function expansion
            ["node/test_affine_grid_2d_align_corners_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_2d_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_3d_align_corners_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_3d_expanded"] = UnprovenRuntimeDims,
        };

        private const string ZeroLengthDims = "RUN zero-length symbolic dims: generated code requires every symbolic input dim to be at least 1 (the build's shape proofs assume it), and this test feeds an empty X[n]";

        /// <summary>
        /// Selected tests that compile, whose data the generated model rejects on purpose at run time: the reason, and
        /// the words the rejection must contain. Any other run failure, a pass (stale) or a mismatch still fails the case.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, (string Reason, string Rejection)> RunRejections = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            // SplitToSequence of an empty tensor whose length is the symbolic dim n
            ["simple/test_sequence_model8"] = (ZeroLengthDims, "The symbolic dim 'n' must be at least 1."),
        };

        /// <summary>The reason a test is excluded for, from either table; null when it is not.</summary>
        public static string? ReasonFor(string test) =>
            Table.TryGetValue(test, out string? reason) ? reason : RunRejections.TryGetValue(test, out var rejection) ? rejection.Reason : null;

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
