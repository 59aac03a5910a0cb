using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Ops;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Conformance
{
    /// <summary>One ONNX backend test: &lt;suite&gt;/&lt;test&gt;/model.onnx with test_data_set_0.</summary>
    internal sealed class BackendCase
    {
        public BackendCase(string suite, string test, IReadOnlyList<string> opTypes, IReadOnlyList<string> subgraphOpTypes, string opsets)
        {
            Suite = suite;
            Test = test;
            OpTypes = opTypes;
            SubgraphOpTypes = subgraphOpTypes;
            Opsets = opsets;
        }

        public string Suite { get; }
        public string Test { get; }
        /// <summary>Distinct top-level op types (MANIFEST column 3); non-default domains as "domain::Op".</summary>
        public IReadOnlyList<string> OpTypes { get; }
        /// <summary>Op types inside If/Loop/Scan bodies (MANIFEST column 4).</summary>
        public IReadOnlyList<string> SubgraphOpTypes { get; }
        public string Opsets { get; }

        /// <summary>"node/test_add": the name a theory case carries.</summary>
        public string Id => Suite + "/" + Test;

        public string Directory => Path.Combine(TestPaths.BackendTests, Suite, Test);
        public string ModelPath => Path.Combine(Directory, "model.onnx");
        public string DataDir => Path.Combine(Directory, "test_data_set_0");
    }

    /// <summary>
    /// Reads ../shared/onnx-backend-tests/MANIFEST.tsv (node/) and MANIFEST-other-suites.tsv (simple/, pytorch-converted/,
    /// pytorch-operator/; light/ has no stored inputs and is left out) and selects the tests whose op types, those inside
    /// If/Loop bodies included, are all in <see cref="OpRegistry"/>.
    /// </summary>
    internal static class BackendManifest
    {
        public static readonly string[] Suites = { "node", "simple", "pytorch-converted", "pytorch-operator" };

        private static readonly Lazy<IReadOnlyList<BackendCase>> s_all = new Lazy<IReadOnlyList<BackendCase>>(Load);
        private static readonly Lazy<IReadOnlyList<BackendCase>> s_selected = new Lazy<IReadOnlyList<BackendCase>>(() => s_all.Value.Where(IsSelected).ToList());

        /// <summary>Every test of the four suites (empty when ../shared is absent).</summary>
        public static IReadOnlyList<BackendCase> All => s_all.Value;

        /// <summary>The tests the conformance theory runs, in manifest order.</summary>
        public static IReadOnlyList<BackendCase> Selected => s_selected.Value;

        /// <summary>Op types as the manifest writes them ("Conv", or "domain::Op" outside ai.onnx), from the compiler's own table.</summary>
        public static IReadOnlyCollection<string> SupportedOpTypes { get; } =
            new HashSet<string>(OpRegistry.All.Select(op => op.Domain.Length == 0 || op.Domain == "ai.onnx" ? op.OpType : op.Domain + "::" + op.OpType), StringComparer.Ordinal);

        public static bool IsSelected(BackendCase c) =>
            c.OpTypes.All(SupportedOpTypes.Contains) && c.SubgraphOpTypes.All(SupportedOpTypes.Contains);

        public static BackendCase Find(string id) =>
            All.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException("No backend test '" + id + "' in the manifests.", nameof(id));

        private static IReadOnlyList<BackendCase> Load()
        {
            var cases = new List<BackendCase>();
            if (!TestPaths.SharedAvailable) return cases;
            foreach (var file in new[] { "MANIFEST.tsv", "MANIFEST-other-suites.tsv" })
            {
                string path = Path.Combine(TestPaths.BackendTests, file);
                if (!File.Exists(path)) continue; // the conformance theory reports the missing suite
                var lines = File.ReadAllLines(path);
                var header = lines[0].Split('\t');
                int suite = Array.IndexOf(header, "suite"), test = Array.IndexOf(header, "test"), ops = Array.IndexOf(header, "op_types"),
                    sub = Array.IndexOf(header, "subgraph_op_types"), opsets = Array.IndexOf(header, "opset_import");
                if (suite < 0 || test < 0 || ops < 0 || sub < 0 || opsets < 0)
                    throw new InvalidDataException(path + ": unexpected header '" + lines[0] + "'.");
                foreach (var line in lines.Skip(1))
                {
                    if (line.Length == 0) continue;
                    var f = line.Split('\t');
                    if (!Suites.Contains(f[suite])) continue;
                    cases.Add(new BackendCase(f[suite], f[test], List(f[ops]), List(f[sub]), f[opsets]));
                }
            }
            return cases;
        }

        private static IReadOnlyList<string> List(string text) =>
            text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
    }
}
