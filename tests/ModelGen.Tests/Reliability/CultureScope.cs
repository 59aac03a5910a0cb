using System;
using System.Globalization;
using System.Threading;

namespace ModelGen.Tests.Reliability
{
    /// <summary>Runs code with the current thread's culture and UI culture set, and restores both afterwards.</summary>
    internal static class CultureScope
    {
        /// <summary>The cultures the determinism tests compare: invariant ("") first, then the ones that format numbers and case letters differently.</summary>
        public static readonly string[] Cultures = { "", "tr-TR", "de-DE", "ar-SA", "fa-IR" };

        public static T Run<T>(string culture, Func<T> body)
        {
            var thread = Thread.CurrentThread;
            var (culture0, ui0) = (thread.CurrentCulture, thread.CurrentUICulture);
            var c = CultureInfo.GetCultureInfo(culture);
            thread.CurrentCulture = c;
            thread.CurrentUICulture = c;
            try
            {
                return body();
            }
            finally
            {
                thread.CurrentCulture = culture0;
                thread.CurrentUICulture = ui0;
            }
        }

        public static string Name(string culture) => culture.Length == 0 ? "invariant" : culture;
    }
}
