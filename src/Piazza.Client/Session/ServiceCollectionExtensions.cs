using Microsoft.Extensions.DependencyInjection;

namespace Piazza.Client.Session;

public static class ServiceCollectionExtensions
{
    /// <summary>One <see cref="ChatSession"/> per page (circuit).</summary>
    public static IServiceCollection AddPiazzaChat(this IServiceCollection services) => services.AddScoped<ChatSession>();
}
