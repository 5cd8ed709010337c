// A small integrator's program on a JAX-WS RI client that wsimport generated from a fake
// OpenMeetings' UserService WSDL (package om.user, names fixed by bindings.xml.in).
// Written for om-soap's tests (tests/foreign/test_foreign_jaxws.py); it prints one line per call:
//   LOGIN <type> <message>   HASH <type> <message>   FAULT <faultstring>
// and, after FAULT, FAULTKIND declared (the WSDL's fault, a checked exception) or undeclared.
//
// Usage: java OmClient <wsdl-url> <endpoint> <user> <password> [--chunk=N] [--set=field=bool]...
//   --chunk=N        send the requests chunked (HTTP/1.1 Transfer-Encoding: chunked), N-byte chunks
//   --set=name=bool  also set RoomOptionsDTO.<name> (a field only some releases declare)
//   --sid=S          call getRoomHash with S instead of the SID login returned
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Map;

import javax.xml.ws.BindingProvider;
import javax.xml.ws.soap.SOAPFaultException;

import om.user.ExternalUserDTO;
import om.user.RoomOptionsDTO;
import om.user.ServiceResult;
import om.user.UserPort;
import om.user.UserPortService;

public class OmClient {
    static final String CHUNK = "com.sun.xml.ws.transport.http.client.streaming.chunk.size";

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: OmClient <wsdl-url> <endpoint> <user> <password> [--chunk=N] [--set=f=v]");
            System.exit(2);
        }
        UserPort port = new UserPortService(new URL(args[0])).getPort(UserPort.class);
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, args[1]);
        context.put("com.sun.xml.ws.connect.timeout", 10000);
        context.put("com.sun.xml.ws.request.timeout", 20000);

        ExternalUserDTO user = new ExternalUserDTO();
        user.setLogin("superjohn");
        user.setFirstname("John");
        user.setLastname("Doe");
        user.setEmail("john@example.org");
        user.setExternalId("uid1");
        user.setExternalType("myCMS");
        RoomOptionsDTO options = new RoomOptionsDTO();
        options.setRoomId(5L);
        options.setModerator(true);
        options.setShowAudioVideoTest(false);
        options.setAllowSameURLMultipleTimes(false);
        options.setAllowRecording(true);

        String sid = null;
        for (int i = 4; i < args.length; i++) {
            if (args[i].startsWith("--chunk=")) {
                context.put(CHUNK, Integer.valueOf(args[i].substring("--chunk=".length())));
            } else if (args[i].startsWith("--sid=")) {
                sid = args[i].substring("--sid=".length());
            } else if (args[i].startsWith("--set=")) {
                String[] kv = args[i].substring("--set=".length()).split("=", 2);
                set(options, kv[0], Boolean.parseBoolean(kv[1]));
            } else {
                System.err.println("unknown argument " + args[i]);
                System.exit(2);
            }
        }

        try {
            ServiceResult login = port.login(args[2], args[3]);
            System.out.println("LOGIN " + login.getType() + " " + login.getMessage());
            if (!"SUCCESS".equals(String.valueOf(login.getType()))) {
                return;
            }
            ServiceResult hash = port.getRoomHash(sid != null ? sid : login.getMessage(), user, options);
            System.out.println("HASH " + hash.getType() + " " + hash.getMessage());
        } catch (SOAPFaultException e) {
            System.out.println("FAULT " + e.getFault().getFaultString());
            System.out.println("FAULTKIND undeclared");
        } catch (Exception e) {
            // A declared fault (ServiceException_Exception): a checked exception whose class exists
            // only in the releases that declare it, so it is caught by its supertype.
            if (e.getClass().getSimpleName().startsWith("ServiceException")) {
                System.out.println("FAULT " + e.getMessage());
                System.out.println("FAULTKIND declared");
            } else {
                throw e;
            }
        }
    }

    static void set(Object bean, String field, boolean value) throws Exception {
        String name = "set" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
        for (Method m : bean.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                m.invoke(bean, value);
                return;
            }
        }
        throw new IllegalArgumentException(bean.getClass().getSimpleName() + " has no " + field);
    }
}
