using System;
using System.IO;

namespace ModelGen.Samples.DigitsTrainer
{
    internal static class RepoPaths
    {
        /// <summary>The model's place in the repository, relative to its root.</summary>
        public const string DefaultModel = "sample-apps/Digits/Models/digits.onnx";

        /// <summary>
        /// The repository root: the nearest folder, above the working directory or else above the program,
        /// that holds both Directory.Packages.props and sample-apps/.
        /// </summary>
        public static string FindRepoRoot()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))
                        && Directory.Exists(Path.Combine(dir.FullName, "sample-apps")))
                        return dir.FullName;
                }
            }
            throw new InvalidOperationException(
                "Cannot find the repository root (a folder with Directory.Packages.props and sample-apps/); pass the output path as the first argument.");
        }
    }
}
