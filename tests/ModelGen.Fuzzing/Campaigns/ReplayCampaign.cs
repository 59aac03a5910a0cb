using System;
using System.IO;

namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>The replay mode (being written).</summary>
    public static class ReplayCampaign
    {
        public static CampaignSummary Run(CampaignOptions options, TextWriter log) =>
            throw new NotSupportedException("the replay mode is not written yet");
    }
}
