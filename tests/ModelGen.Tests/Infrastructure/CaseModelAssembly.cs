using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Tests.Cli;
using Xunit;

namespace ModelGen.Tests.Infrastructure
{
    /// <summary>
    /// A class fixture for op case tests: hand-built models, each written to its own folder under a temporary
    /// directory (where the tests add their data sets) and compiled once together into one assembly, so a test
    /// class pays for one Roslyn compilation. Model <c>name</c> becomes class <c>{Namespace}.{name}.Model</c>.
    /// </summary>
    public abstract class CaseModelAssembly : IDisposable
    {
        private readonly TempDir _dir = new TempDir();

        protected CaseModelAssembly(string rootNamespace, IReadOnlyList<(string Name, Func<byte[]> Model)> models)
        {
            Namespace = rootNamespace;
            var units = new List<BatchUnit>();
            foreach (var (name, model) in models)
            {
                string folder = Path.Combine(Dir, name);
                Directory.CreateDirectory(folder);
                string path = Path.Combine(folder, "model.onnx");
                File.WriteAllBytes(path, model());
                var result = ModelCompiler.Compile(File.ReadAllBytes(path), new CompileOptions("Model", rootNamespace + "." + name, path, "ModelGen." + name + ".onnx", new Dictionary<string, long>()));
                Assert.True(result.Success, name + ": " + string.Join("\n", result.Problems));
                units.Add(new BatchUnit(name, result.Sources));
            }
            var batch = InMemoryBatch.Compile(units, rootNamespace);
            Assert.True(batch.Errors.Count == 0 && batch.Assembly != null, string.Join("\n", batch.Errors.Values));
            Assembly = batch.Assembly!;
        }

        public Assembly Assembly { get; }
        public string Dir => _dir.Path;
        public string Namespace { get; }

        /// <summary>The folder of model <paramref name="name"/> (model.onnx and the data sets written there).</summary>
        public string Folder(string name) => Path.Combine(Dir, name);

        public void Dispose() => _dir.Dispose();
    }
}
