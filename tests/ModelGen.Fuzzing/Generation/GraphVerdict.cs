namespace ModelGen.Fuzzing.Generation
{
    internal enum GraphOutcome
    {
        /// <summary>Compiled, ran, and every output matched ONNX Runtime's within tolerance.</summary>
        Agreed,
        /// <summary>ModelGen rejected it with MG error diagnostics (not an internal error): a coverage gap to list.</summary>
        Diagnosed,
        /// <summary>ONNX Runtime refused the model: the generator wrote an invalid graph; it is regenerated.</summary>
        OrtRejected,
        /// <summary>Compiled and ran, but an output's type, shape or values differ from ONNX Runtime's.</summary>
        Miscompiled,
        /// <summary>An exception or hang in the compiler, an internal-error diagnostic, C# that does not build, or a run that threw or hung.</summary>
        Failed,
    }

    /// <summary>How one random graph fared, with the optimizer on or off.</summary>
    internal sealed class GraphVerdict
    {
        public GraphVerdict(GenGraph graph, bool optimize, GraphOutcome outcome, string detail, string? diagnosticId = null, double worstRatio = 0)
        {
            Graph = graph;
            Optimize = optimize;
            Outcome = outcome;
            Detail = detail;
            DiagnosticId = diagnosticId;
            WorstRatio = worstRatio;
        }

        public GenGraph Graph { get; }
        public bool Optimize { get; }
        public GraphOutcome Outcome { get; }
        public string Detail { get; }

        /// <summary>For <see cref="GraphOutcome.Diagnosed"/>: the first MG error's id.</summary>
        public string? DiagnosticId { get; }

        /// <summary>The largest |ours - ORT| / (atol + rtol·|ORT|) over the outputs: at most 1 when they agree.</summary>
        public double WorstRatio { get; }

        public bool IsFailure => Outcome == GraphOutcome.Miscompiled || Outcome == GraphOutcome.Failed;

        public override string ToString() =>
            Outcome + " seed " + Graph.Seed + (Optimize ? "" : " (optimizer off)") + ": " + Detail;
    }
}
