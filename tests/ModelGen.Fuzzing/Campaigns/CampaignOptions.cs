namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>What one campaign run is asked to do; parsed from the command line by <see cref="Program"/>.</summary>
    public sealed record CampaignOptions(
        string Mode,
        int Count,
        int Seed,
        string? CorpusDirectory,
        string? SaveDirectory,
        string? SharedDirectory);
}
