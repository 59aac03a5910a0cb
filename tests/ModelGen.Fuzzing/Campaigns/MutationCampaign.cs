using System;
using System.IO;

namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>The mutation mode (being written).</summary>
    public static class MutationCampaign
    {
        public static CampaignSummary Run(CampaignOptions options, TextWriter log) =>
            throw new NotSupportedException("the mutation mode is not written yet");
    }
}
