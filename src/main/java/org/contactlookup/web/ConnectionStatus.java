package org.contactlookup.web;

/**
 * What the app knows about its connection, safe to show on a page: the summary never holds a
 * key, a path or a server message.
 */
record ConnectionStatus(State state, String summary) {
    enum State { NOT_CONFIGURED, CHECKING, CONNECTED, FAILED }

    static final ConnectionStatus CHECKING = new ConnectionStatus(State.CHECKING, "checking the connection");
    static final ConnectionStatus CONNECTED = new ConnectionStatus(State.CONNECTED, "connected");

    boolean connected() {
        return state == State.CONNECTED;
    }
}
