using System;
using System.Collections.Generic;

namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>
    /// What a campaign found: how many models it tried, how they ended, and each failure (an exception out of the
    /// compiler, a hang, an unbounded allocation, or a miscompile against ONNX Runtime) with where it was saved.
    /// </summary>
    public sealed record CampaignSummary(
        string Mode,
        int Tried,
        int Compiled,
        int Diagnosed,
        IReadOnlyList<string> Failures,
        TimeSpan Elapsed);
}
