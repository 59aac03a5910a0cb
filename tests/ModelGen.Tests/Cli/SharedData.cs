using System;
using System.IO;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>Finds the repository root and the shared model folder (<c>../shared</c> beside it).</summary>
    internal static class SharedData
    {
        private static readonly Lazy<string?> s_root = new Lazy<string?>(FindRoot);

        /// <summary>The folder holding ModelGen.sln, or else global.json, above the test binaries.</summary>
        public static string? RepositoryRoot => s_root.Value;

        /// <summary>The shared folder, or null when absent.</summary>
        public static string? Folder
        {
            get
            {
                if (RepositoryRoot == null) return null;
                string shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
                return Directory.Exists(Path.Combine(shared, "models")) ? shared : null;
            }
        }

        public static string Model(string name) =>
            Path.Combine(Folder ?? throw new InvalidOperationException("../shared is absent"), "models", name, "model.onnx");

        public static string DataSet(string name, int index = 0) =>
            Path.Combine(Folder ?? throw new InvalidOperationException("../shared is absent"), "models", name, "test_data_set_" + index);

        private static string? FindRoot()
        {
            string? withGlobalJson = null;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ModelGen.sln")) || File.Exists(Path.Combine(dir.FullName, "ModelGen.slnx"))) return dir.FullName;
                if (withGlobalJson == null && File.Exists(Path.Combine(dir.FullName, "global.json"))) withGlobalJson = dir.FullName;
            }
            return withGlobalJson;
        }
    }

    /// <summary>A fact that needs the shared models: skipped, visibly, when <c>../shared</c> is absent.</summary>
    public sealed class SharedDataFactAttribute : FactAttribute
    {
        public SharedDataFactAttribute()
        {
            if (SharedData.Folder == null) Skip = "../shared absent: the shared models are not beside the repository.";
        }
    }
}
