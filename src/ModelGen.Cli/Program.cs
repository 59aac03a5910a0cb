using System;

namespace ModelGen.Cli
{
    /// <summary>The process entry point of the <c>modelgen</c> tool.</summary>
    internal static class Program
    {
        internal static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
    }
}
