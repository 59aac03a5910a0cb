using System;
using System.IO;

namespace ModelGen.Tests.Infrastructure
{
    /// <summary>Where the repository and the shared test data (../shared beside the checkout, not ours to commit) are.</summary>
    public static class TestPaths
    {
        private static readonly Lazy<string> s_root = new Lazy<string>(FindRoot);

        /// <summary>The repository root (the folder holding global.json).</summary>
        public static string RepoRoot => s_root.Value;

        /// <summary>../shared beside the checkout; may not exist.</summary>
        public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

        public static bool SharedAvailable => Directory.Exists(Path.Combine(Shared, "models"));

        public static string SharedModel(string name) => Path.Combine(Shared, "models", name);

        public static string BackendTests => Path.Combine(Shared, "onnx-backend-tests");

        /// <summary>A fresh empty temporary folder for one test.</summary>
        public static string NewTempDir()
        {
            var dir = Path.Combine(Path.GetTempPath(), "modelgen-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (global.json) above " + AppContext.BaseDirectory);
        }
    }
}
