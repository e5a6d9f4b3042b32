package org.contactlookup.web;

/**
 * What the app knows about its connection, safe to show on a page: the summary never holds a
 * key, a path or a server message.
 */
record ConnectionStatus(State state, String summary) {
    /** LIMITED: the check was not sent because this app's own rate limit is spent; not a fault of the node. */
    enum State { NOT_CONFIGURED, CHECKING, CONNECTED, LIMITED, FAILED }

    static final ConnectionStatus CHECKING = new ConnectionStatus(State.CHECKING, "checking the connection");
    static final ConnectionStatus CONNECTED = new ConnectionStatus(State.CONNECTED, "connected");

    static final ConnectionStatus LIMITED = new ConnectionStatus(State.LIMITED, "not checked: this app's rate limit is spent for now");

    /** Up, as far as a load balancer is concerned: connected, or waiting only for the shared budget. */
    boolean connected() {
        return state == State.CONNECTED || state == State.LIMITED;
    }
}
