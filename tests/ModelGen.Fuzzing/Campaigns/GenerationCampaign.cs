using System;
using System.IO;

namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>The generation mode (being written).</summary>
    public static class GenerationCampaign
    {
        public static CampaignSummary Run(CampaignOptions options, TextWriter log) =>
            throw new NotSupportedException("the generation mode is not written yet");
    }
}
