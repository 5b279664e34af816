using Piazza.Client.Hosting;

return await ClientProgram.MainAsync(args);
