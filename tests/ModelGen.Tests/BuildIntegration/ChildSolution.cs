using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.BuildIntegration
{
    /// <summary>
    /// A throw-away solution outside the repository whose projects use the generator as a real build does: the
    /// generator, compiler core and Google.Protobuf from this test run's output as analyzers, ModelGen.Runtime as a
    /// reference, and the repository's ModelGen.targets imported. Nothing of the repository is rebuilt by the child builds.
    /// </summary>
    internal sealed class ChildSolution
    {
        private ChildSolution(string root) { Root = root; }

        public string Root { get; }
        public List<string> Projects { get; } = new List<string>();

        public static ChildSolution Create()
        {
            var s = new ChildSolution(TestPaths.NewTempDir());
            // Stop MSBuild's upward search for Directory.Build.* at this folder, and pin the SDK as the repository does.
            File.WriteAllText(Path.Combine(s.Root, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(s.Root, "Directory.Build.targets"), "<Project />\n");
            File.Copy(Path.Combine(TestPaths.RepoRoot, "global.json"), Path.Combine(s.Root, "global.json"));
            return s;
        }

        /// <summary>Adds an Exe project with the given models (file name → bytes) and Program.cs; returns its folder.</summary>
        public string AddProject(string name, IEnumerable<(string File, byte[] Bytes)> models, string program, bool emitGeneratedFiles = true)
        {
            string dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            foreach (var (file, bytes) in models) File.WriteAllBytes(Path.Combine(dir, file), bytes);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
            string bin = AppContext.BaseDirectory;
            string Dll(string n) => Path.Combine(bin, n + ".dll");
            var xml = new StringBuilder();
            xml.Append("<Project Sdk=\"Microsoft.NET.Sdk\">\n");
            xml.Append("  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>enable</Nullable>\n");
            xml.Append("    <RootNamespace>" + name + "</RootNamespace>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n    <Deterministic>true</Deterministic>\n");
            if (emitGeneratedFiles) xml.Append("    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>\n");
            xml.Append("  </PropertyGroup>\n  <ItemGroup>\n    <AdditionalFiles Include=\"*.onnx\" />\n");
            foreach (var analyzer in new[] { "ModelGen.Generator", "ModelGen.Compiler", "Google.Protobuf" })
                xml.Append("    <Analyzer Include=\"" + Dll(analyzer) + "\" />\n");
            foreach (var reference in new[] { "ModelGen.Runtime", "System.Numerics.Tensors" })
                xml.Append("    <Reference Include=\"" + Dll(reference) + "\" />\n");
            xml.Append("  </ItemGroup>\n");
            xml.Append("  <Import Project=\"" + Path.Combine(TestPaths.RepoRoot, "generator", "ModelGen.Generator", "build", "ModelGen.targets") + "\" />\n");
            xml.Append("</Project>\n");
            File.WriteAllText(Path.Combine(dir, name + ".csproj"), xml.ToString());
            Projects.Add(dir);
            return dir;
        }

        /// <summary>An .slnx solution listing every project (what `dotnet new sln` writes in .NET 10).</summary>
        public string WriteSolution()
        {
            var xml = new StringBuilder("<Solution>\n");
            foreach (var p in Projects) xml.Append("  <Project Path=\"" + Path.GetFileName(p) + "/" + Path.GetFileName(p) + ".csproj\" />\n");
            xml.Append("</Solution>\n");
            string path = Path.Combine(Root, "all.slnx");
            File.WriteAllText(path, xml.ToString());
            return path;
        }

        /// <summary>Every file the compiler wrote under obj/**/generated, by path relative to the root, with its bytes.</summary>
        public SortedDictionary<string, byte[]> GeneratedFiles()
        {
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var p in Projects)
            {
                string obj = Path.Combine(p, "obj");
                if (!Directory.Exists(obj)) continue;
                foreach (var f in Directory.GetFiles(obj, "*.g.cs", SearchOption.AllDirectories).Where(f => f.Contains(Path.DirectorySeparatorChar + "generated" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                    files[Path.GetRelativePath(Root, f)] = File.ReadAllBytes(f);
            }
            return files;
        }
    }
}
