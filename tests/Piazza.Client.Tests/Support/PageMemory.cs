using Microsoft.Playwright;

namespace Piazza.Client.Tests.Support;

/// <summary>The page's own weight, read through the Chrome DevTools Protocol after a full garbage collection.</summary>
public sealed class PageMemory(ICDPSession cdp, IPage page)
{
    public static async Task<PageMemory> AttachAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        return new PageMemory(cdp, page);
    }

    /// <summary>Live JavaScript heap in bytes, after collecting garbage.</summary>
    public async Task<double> HeapAsync()
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var usage = await cdp.SendAsync("Runtime.getHeapUsage");
        return usage!.Value.GetProperty("usedSize").GetDouble();
    }

    /// <summary>Elements in the document.</summary>
    public Task<int> ElementsAsync() => page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");

    /// <summary>Messages rendered in the log.</summary>
    public Task<int> MessagesAsync() => page.EvaluateAsync<int>("() => document.querySelectorAll('[role=log] .msg').length");
}
