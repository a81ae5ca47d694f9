package org.keyproject.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A group robot on a local port, standing in for WeCom's or DingTalk's: records every call and answers
 * the queued answers in turn, then {"errcode":0,"errmsg":"ok"}.
 */
final class RobotServer implements AutoCloseable {

    static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile Answer always;

    RobotServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Answer answer = always != null ? always : answers.poll();
            if (answer == null) {
                answer = new Answer(200, OK);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    /** The robot's address, e.g. http://127.0.0.1:4711/cgi-bin/webhook/send?key=k1. */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** The next call gets this answer (queued after those already queued). */
    void answerNext(int status, String body) {
        answers.add(new Answer(status, body));
    }

    /** Every call gets this answer until told otherwise (null: back to the queue and OK). */
    void answerAlways(Integer status, String body) {
        always = status == null ? null : new Answer(status, body);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    record Call(String method, String path, String query, String contentType, String body) {
    }

    private record Answer(int status, String body) {
    }
}
